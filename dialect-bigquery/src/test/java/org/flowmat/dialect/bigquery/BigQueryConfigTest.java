package org.flowmat.dialect.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.ResourceConfig;
import org.flowmat.core.model.TablePath;
import org.junit.jupiter.api.Test;

/** The endpoint and resource configs: Estuary's property names and secrets, bound by Jackson with the schema's defaults. */
class BigQueryConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "{\"type\":\"service_account\",\"private_key\":\"sekrit-key-material-42\"}";

  static ObjectNode minimal() {
    ObjectNode c = JSON.createObjectNode().put("project_id", "p").put("region", "US").put("dataset", "ds")
        .put("bucket", "b");
    c.putObject("credentials").put("auth_type", "CredentialsJSON").put("credentials_json", KEY);
    return c;
  }

  @Test
  void estuarysPropertyNamesAndSecretMarkings() {
    JsonNode schema = BigQueryDialect.SPEC.configSchema();
    Set<String> names = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    // Estuary's TestSpecification snapshot, except dbt_job_trigger (not supported: refused as unknown).
    assertThat(names).containsExactlyInAnyOrder("project_id", "region", "dataset", "bucket", "bucket_path",
        "billing_project_id", "hardDelete", "credentials", "syncSchedule", "advanced");
    assertThat(schema.path("required")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("project_id", "region", "dataset", "bucket", "credentials");
    JsonNode oneOf = schema.path("properties").path("credentials").path("oneOf");
    assertThat(oneOf.get(0).path("properties").path("auth_type").path("const").asText()).isEqualTo("CredentialsJSON");
    assertThat(oneOf.get(0).path("properties").path("credentials_json").path("secret").asBoolean()).isTrue();
    assertThat(oneOf.get(1).path("properties").path("auth_type").path("const").asText()).isEqualTo("GCPIAM");
    assertThat(schema.path("properties").path("credentials").path("discriminator").path("propertyName").asText())
        .isEqualTo("auth_type");
    Set<String> advanced = new TreeSet<>();
    schema.path("properties").path("advanced").path("properties").fieldNames().forEachRemaining(advanced::add);
    assertThat(advanced).containsExactlyInAnyOrder("disableFieldTruncation", "no_flow_document", "feature_flags",
        "endpoint", "storage_endpoint");
    assertThat(schema.path("properties").path("advanced").path("properties").path("endpoint").has("default")).isFalse();
    assertThat(schema.path("properties").path("syncSchedule").path("properties").path("syncFrequency").path("default")
        .asText()).isEqualTo("30m");
    JsonNode resource = BigQueryDialect.SPEC.resourceConfigSchema().path("properties");
    assertThat(resource.path("table").path("x-collection-name").asBoolean()).isTrue();
    assertThat(resource.path("dataset").path("x-schema-name").asBoolean()).isTrue();
    assertThat(resource.path("delta_updates").path("x-delta-updates").asBoolean()).isTrue();
    assertThat(resource.path("cluster_by").path("maxItems").asInt()).isEqualTo(4);
  }

  @Test
  void bindsWithDefaults() {
    BigQueryEndpoint e = BigQueryEndpoint.from(minimal());
    BigQueryConfig c = e.config();
    assertThat(c.billingProjectId()).isEqualTo("p");
    assertThat(c.bucketPath()).isEmpty();
    assertThat(c.hardDelete()).isFalse();
    assertThat(c.credentials()).isEqualTo(new BigQueryConfig.ServiceAccountJson(KEY));
    assertThat(c.advanced().endpoint()).isNull();
    assertThat(e.defaultSchema()).isEqualTo("ds");
    assertThat(e.tablePath(new ResourceConfig("my table!", java.util.Optional.empty(), false)))
        .isEqualTo(TablePath.of("p", "ds", "my_table_"));
  }

  @Test
  void theFakesPrintedConfigBinds() throws Exception {
    String printed = "{\"project_id\":\"flowmat-fake\",\"region\":\"US\",\"dataset\":\"flowmat\",\"bucket\":\"flowmat-staging\","
        + "\"bucket_path\":\"flowmat\",\"credentials\":{\"auth_type\":\"CredentialsJSON\",\"credentials_json\":\"{}\"},"
        + "\"advanced\":{\"endpoint\":\"http://127.0.0.1:9/bigquery/v2/\",\"storage_endpoint\":\"http://127.0.0.1:9\"}}";
    BigQueryConfig c = BigQueryEndpoint.from(JSON.readTree(printed)).config();
    assertThat(c.advanced().endpoint()).isEqualTo("http://127.0.0.1:9/bigquery/v2/");
    assertThat(BigQueryServices.host(c.advanced().endpoint())).isEqualTo("http://127.0.0.1:9");
    assertThat(c.advanced().storageEndpoint()).isEqualTo("http://127.0.0.1:9");
  }

  @Test
  void gcpIamBindsAndIsRefusedClearlyAtConnect() {
    ObjectNode c = minimal();
    c.putObject("credentials").put("auth_type", "GCPIAM").put("gcp_service_account_to_impersonate", "sa@p.iam")
        .put("gcp_workload_identity_pool_audience", "//iam.googleapis.com/x");
    BigQueryConfig bound = BigQueryEndpoint.from(c).config();
    assertThat(bound.credentials()).isEqualTo(new BigQueryConfig.GcpIam("sa@p.iam", "//iam.googleapis.com/x"));
    assertThatThrownBy(() -> BigQueryServices.bigQuery(bound)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("GCPIAM");
  }

  @Test
  void errorsNamePathsNeverSecrets() {
    ObjectNode bad = minimal();
    bad.put("hardDelete", KEY);
    assertThatThrownBy(() -> BigQueryEndpoint.from(bad)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("$.hardDelete").satisfies(e -> assertThat(e.getMessage()).doesNotContain("sekrit"));
    ObjectNode unknown = minimal().put("dbt_job_trigger", "x");
    assertThatThrownBy(() -> BigQueryEndpoint.from(unknown)).hasMessageContaining("$.dbt_job_trigger");
    ObjectNode nested = minimal();
    ((ObjectNode) nested.path("credentials")).put("extra", 1);
    assertThatThrownBy(() -> BigQueryEndpoint.from(nested)).hasMessageContaining("$.credentials");
    assertThat(BigQueryEndpoint.from(minimal()).config().toString()).doesNotContain("sekrit").contains("[redacted]");
    ObjectNode notAKey = minimal();
    ((ObjectNode) notAKey.path("credentials")).put("credentials_json", "not json sekrit");
    assertThatThrownBy(() -> BigQueryServices.bigQuery(BigQueryEndpoint.from(notAKey).config()))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("credentials_json")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sekrit"));
  }

  @Test
  void resourceConfigBindsPartitioningAndClustering() throws Exception {
    BigQueryResource r = BigQueryResource.from(JSON.readTree("{\"table\":\"t\",\"partition_by\":{\"field\":\"ts\","
        + "\"granularity\":\"HOUR\",\"expiration_days\":30},\"cluster_by\":[\"a\",\"b\"]}"), "resource config");
    assertThat(r.partitionBy()).isEqualTo(new BigQueryResource.PartitionBy("ts", "HOUR", null, 30L, false));
    assertThat(r.clusterBy()).isEqualTo(List.of("a", "b"));
    assertThat(BigQueryResource.from(JSON.readTree("{\"table\":\"t\",\"partition_by\":{\"field\":\"n\"}}"), "r")
        .partitionBy().granularity()).isEqualTo("DAY");
    assertThatThrownBy(() -> BigQueryResource.from(JSON.readTree("{\"table\":\"t\",\"partition_by\":{\"field\":\"n\","
        + "\"range\":{\"start\":10,\"end\":0,\"interval\":1}}}"), "resource config"))
        .hasMessageContaining("partition_by.range.end");
  }
}
