package org.flowmat.dialect.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmat.core.model.TablePath;
import org.flowmat.testkit.Capability;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.MaterializationConformance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Opt-in: the materialization suite against a real BigQuery project. Runs only when
 * {@code FLOWMAT_BIGQUERY_LIVE_CONFIG} names a file holding a materialize-bigquery endpoint config (with
 * {@code credentials.credentials_json} of a service account that may create tables in its dataset and objects in its
 * bucket); skipped otherwise, so no test reaches a network by default. The suite's tables are written into that
 * dataset. Never run here (no credentials on this machine).
 */
@EnabledIfEnvironmentVariable(named = "FLOWMAT_BIGQUERY_LIVE_CONFIG", matches = ".+")
class BigQueryLiveIT extends MaterializationConformance {
  @Override
  protected ConformanceTarget target() {
    return new LiveTarget();
  }

  static final class LiveTarget implements ConformanceTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode config() throws Exception {
      return (ObjectNode) JSON.readTree(Files.readString(Path.of(System.getenv("FLOWMAT_BIGQUERY_LIVE_CONFIG"))));
    }

    @Override
    public String connector() {
      return "bigquery";
    }

    @Override
    public ObjectNode endpointConfig(Path dir) throws Exception {
      ObjectNode c = config();
      c.putObject("syncSchedule").put("syncFrequency", "0s");
      return c;
    }

    @Override
    public List<String> resourcePath(String table) {
      try {
        ObjectNode c = config();
        return List.of(c.path("project_id").asText(), c.path("dataset").asText(), BigQueryIdentifiers.translate(table));
      } catch (Exception e) {
        throw new IllegalStateException("cannot read FLOWMAT_BIGQUERY_LIVE_CONFIG", e);
      }
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
      BigQuery bq = BigQueryServices.bigQuery(BigQueryEndpoint.from(config).config());
      TableResult result = bq.query(QueryJobConfiguration.of(
          "SELECT * FROM " + BigQueryDialect.IDENTIFIERS.quote(new TablePath(path))));
      List<Map<String, String>> out = new ArrayList<>();
      for (FieldValueList values : result.iterateAll()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < result.getSchema().getFields().size(); i++) {
          row.put(result.getSchema().getFields().get(i).getName(),
              values.get(i).isNull() ? null : values.get(i).getStringValue());
        }
        out.add(row);
      }
      return out;
    }

    @Override
    public Set<Capability> lacks() {
      return Set.of();
    }
  }
}
