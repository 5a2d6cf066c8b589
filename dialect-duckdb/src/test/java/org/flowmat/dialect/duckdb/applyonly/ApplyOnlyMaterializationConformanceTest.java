package org.flowmat.dialect.duckdb.applyonly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmat.dialect.duckdb.DuckDbTarget;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;

/** A dialect that can Apply but not store: the suite proves the declared lack of STORE and that Apply still works. */
class ApplyOnlyMaterializationConformanceTest extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    DuckDbTarget duckdb = new DuckDbTarget();
    return new ConformanceTarget() {
      @Override
      public String connector() {
        return ApplyOnlyDialect.NAME;
      }

      @Override
      public ObjectNode endpointConfig(Path dir) {
        return duckdb.endpointConfig(dir);
      }

      @Override
      public List<String> resourcePath(String table) {
        return duckdb.resourcePath(table);
      }

      @Override
      public List<JsonNode> documents(ObjectNode config, List<String> path) throws Exception {
        return duckdb.documents(config, path);
      }

      @Override
      public List<Map<String, String>> rows(ObjectNode config, List<String> path) throws Exception {
        return duckdb.rows(config, path);
      }

      @Override
      public Set<Capability> lacks() {
        return EnumSet.of(Capability.STORE, Capability.CONCURRENT_WRITERS);
      }
    };
  }
}
