package org.flowmat.dialect.skeleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;

/**
 * The skeleton for the conformance suites. It declares every capability missing, and the suites prove each
 * declaration (Apply fails with the connector's error, so does every key kind). TODO(new dialect): as parts work,
 * remove what {@link #lacks} declares, APPLY first (then the suites need {@link #rows}), then STORE (then
 * {@link #documents}); what remains is what the warehouse really lacks.
 */
final class SkeletonTarget implements ConformanceTarget {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String connector() {
    return "skeleton";
  }

  /**
   * A fresh, empty warehouse per test. TODO(new dialect): an embedded one under {@code dir}, or a database of the
   * loopback fake (see dialect-bigquery/src/test/java/org/flowmat/dialect/bigquery/fake/README.md). Tests reach
   * nothing beyond loopback.
   */
  @Override
  public ObjectNode endpointConfig(Path dir) {
    return JSON.createObjectNode().put("address", "127.0.0.1:9").put("user", "flowmat").put("password", "secret")
        .put("schema", "public");
  }

  @Override
  public List<String> resourcePath(String table) {
    return List.of("public", table);
  }

  /** TODO(new dialect): the {@code flow_document} column of every row, parsed, read straight from the warehouse. */
  @Override
  public List<JsonNode> documents(ObjectNode endpointConfig, List<String> resourcePath) {
    throw new UnsupportedOperationException("SkeletonTarget.documents: read the table back from the warehouse");
  }

  /** TODO(new dialect): every row as column name to value text, read straight from the warehouse. */
  @Override
  public List<Map<String, String>> rows(ObjectNode endpointConfig, List<String> resourcePath) {
    throw new UnsupportedOperationException("SkeletonTarget.rows: read the table back from the warehouse");
  }

  @Override
  public Set<Capability> lacks() {
    return EnumSet.allOf(Capability.class);
  }
}
