package org.flowmat.dialect.duckdb.objectstore;

import java.nio.file.Path;
import java.util.List;
import org.flowmat.dialect.duckdb.DuckDbTarget;

/**
 * The object-store implementation for the conformance suites: DuckDB's warehouse and checks, its own connector name,
 * and as a child process the launcher on this test JVM's class path (the implementation lives in the test tree).
 */
final class ObjectStoreTarget extends DuckDbTarget {
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
}
