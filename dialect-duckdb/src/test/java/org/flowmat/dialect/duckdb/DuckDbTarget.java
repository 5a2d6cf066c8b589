package org.flowmat.dialect.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.flowmat.core.model.TablePath;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;

/** DuckDB for the conformance suites: a fresh database file per test, read back over JDBC. */
public class DuckDbTarget implements ConformanceTarget {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DuckDbIdentifiers IDS = new DuckDbIdentifiers();

  @Override
  public String connector() {
    return "duckdb";
  }

  @Override
  public ObjectNode endpointConfig(Path dir) {
    return JSON.createObjectNode().put("database", dir.resolve("warehouse.duckdb").toString());
  }

  @Override
  public List<String> resourcePath(String table) {
    return List.of("main", table);
  }

  @Override
  public List<JsonNode> documents(ObjectNode config, List<String> path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (Map<String, String> row : rows(config, path)) {
      out.add(JSON.readTree(row.get("flow_document")));
    }
    return out;
  }

  @Override
  public List<Map<String, String>> rows(ObjectNode config, List<String> path) throws Exception {
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    String table = IDS.quote(new TablePath(path));
    List<Map<String, String>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + config.path("database").asText(), readOnly);
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData meta = r.getMetaData();
        while (r.next()) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = r.getObject(i);
            row.put(meta.getColumnName(i), value == null ? null : value instanceof byte[] b ? new String(b) : r.getString(i));
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  /** One writing process per database file: shards of one task take turns. */
  @Override
  public Set<Capability> lacks() {
    return Set.of(Capability.CONCURRENT_WRITERS);
  }
}
