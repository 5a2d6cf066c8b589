package org.flowmat.dialect.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowmat.core.model.TablePath;
import org.flowmat.dialect.bigquery.fake.FakeBigQuery;
import org.flowmat.dialect.bigquery.fake.FakeBigQueryMain;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;

/**
 * BigQuery for the conformance suites: the loopback fake (one per test JVM), a dataset and a bucket path of its own
 * per test, read back through google-cloud-bigquery with NoCredentials.
 */
public final class BigQueryTarget implements ConformanceTarget {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PROJECT = "flowmat-test";
  static final String BUCKET = "flowmat-staging";
  private static final AtomicInteger DATASETS = new AtomicInteger();
  private static FakeBigQuery fake;
  /** The dataset of the config made last: the suites make a test's config before they name its tables. */
  private static volatile String dataset = "conformance";

  static synchronized FakeBigQuery fake() {
    if (fake == null) {
      fake = FakeBigQuery.start(PROJECT, "US").bucket(BUCKET, "US");
    }
    return fake;
  }

  static BigQuery client() {
    return BigQueryOptions.newBuilder().setHost(fake().url()).setProjectId(PROJECT).setLocation("US")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @Override
  public String connector() {
    return "bigquery";
  }

  @Override
  public ObjectNode endpointConfig(Path dir) {
    String name = "conformance_" + DATASETS.incrementAndGet();
    fake().createDataset(name, "US");
    dataset = name;
    ObjectNode config = FakeBigQueryMain.endpointConfig(fake(), name, BUCKET, name);
    // The suites drive transactions back to back; BigQuery's default 30m schedule would hold each commit back.
    config.putObject("syncSchedule").put("syncFrequency", "0s");
    return config;
  }

  @Override
  public List<String> resourcePath(String table) {
    return List.of(PROJECT, dataset, table);
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
    List<String> p = new ArrayList<>(path);
    p.set(p.size() - 2, config.path("dataset").asText());
    String table = BigQueryDialect.IDENTIFIERS.quote(new TablePath(p));
    TableResult result = client().query(QueryJobConfiguration.newBuilder("SELECT * FROM " + table).build());
    List<Map<String, String>> out = new ArrayList<>();
    List<Field> fields = result.getSchema().getFields();
    for (FieldValueList values : result.iterateAll()) {
      Map<String, String> row = new ColumnsOfFields();
      for (int i = 0; i < fields.size(); i++) {
        row.put(fields.get(i).getName(), text(fields.get(i), values.get(i)));
      }
      out.add(row);
    }
    return out;
  }

  private static String text(Field field, FieldValue v) {
    if (v.isNull()) {
      return null;
    }
    StandardSQLTypeName type = field.getType().getStandardType();
    return switch (type) {
      case TIMESTAMP -> v.getTimestampInstant().toString();
      case BYTES -> new String(Base64.getDecoder().decode(v.getStringValue()));
      default -> v.getStringValue();
    };
  }

  /**
   * A row looked up by field or column name: the suites ask for a field's value by the field's name, and BigQuery
   * stores it under the column the dialect maps it to (characters outside {@code [A-Za-z0-9_-]} become {@code _},
   * case-insensitively), as Estuary's connector does.
   */
  private static final class ColumnsOfFields extends LinkedHashMap<String, String> {
    private static final long serialVersionUID = 1L;

    private Object column(Object key) {
      if (!(key instanceof String name) || super.containsKey(name)) {
        return key;
      }
      String mapped = BigQueryIdentifiers.translate(name);
      return keySet().stream().filter(k -> k.equalsIgnoreCase(mapped)).findFirst().orElse(mapped);
    }

    @Override
    public String get(Object key) {
      return super.get(column(key));
    }

    @Override
    public boolean containsKey(Object key) {
      return super.containsKey(column(key));
    }
  }

  @Override
  public Set<Capability> lacks() {
    return Set.of();
  }
}
