package org.flowmat.dialect.duckdb.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmat.dialect.duckdb.DuckDbTarget;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;

/**
 * The object-store implementation for the conformance suites: DuckDB's warehouse and checks, its own connector name,
 * and as a child process the launcher on this test JVM's class path (the implementation lives in the test tree).
 */
final class ObjectStoreTarget implements ConformanceTarget {
  private final DuckDbTarget duckdb = new DuckDbTarget();

  @Override
  public String connector() {
    return ObjectStoreDialect.NAME;
  }

  @Override
  public List<String> command(Path repositoryRoot) {
    String java = ProcessHandle.current().info().command().orElse("java");
    // Surefire and failsafe name the full test class path here; their own JVM's may be a manifest-only jar.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(java, "-XX:+UseSerialGC", "-cp", classPath, "org.flowmat.runtime.launch.ConnectorLauncher",
        "--connector", connector());
  }

  @Override
  public ObjectNode endpointConfig(Path dir) throws Exception {
    return duckdb.endpointConfig(dir);
  }

  @Override
  public List<String> resourcePath(String table) {
    return duckdb.resourcePath(table);
  }

  @Override
  public List<JsonNode> documents(ObjectNode config, List<String> resourcePath) throws Exception {
    return duckdb.documents(config, resourcePath);
  }

  @Override
  public List<Map<String, String>> rows(ObjectNode config, List<String> resourcePath) throws Exception {
    return duckdb.rows(config, resourcePath);
  }

  @Override
  public Set<Capability> lacks() {
    return duckdb.lacks();
  }
}
