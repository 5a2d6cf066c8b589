package org.flowmat.dialect.bigquery.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake run on its own: its first stdout line is the endpoint config, and the real clients connect with it. */
class FakeBigQueryMainTest {
  private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theMainPrintsAConfigTheClientsConnectWith() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), FakeBigQueryMain.class.getName(),
        "--project", "proj-main", "--dataset", "flow_ds", "--region", "EU", "--bucket", "flow-bucket");
    checkFirstLine(new ProcessBuilder(cmd), "proj-main", "flow_ds", "EU", "flow-bucket", "flowmat");
  }

  @Test
  void binFlowmatFakeBigqueryStartsIt() throws Exception {
    Path launcher = REPO.resolve("bin/flowmat");
    assertThat(launcher).exists();
    assertThat(REPO.resolve("dialect-bigquery/target/fake-classpath.txt")).exists();
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "fake", "bigquery", "--bucket-path", "stage/path");
    pb.environment().put("FLOWMAT_HOME", REPO.toString());
    checkFirstLine(pb, "flowmat-fake", "flowmat", "US", "flowmat-staging", "stage/path");
  }

  private static void checkFirstLine(ProcessBuilder pb, String project, String dataset, String region, String bucket,
                                     String bucketPath) throws Exception {
    File err = File.createTempFile("fake-bigquery", ".err");
    pb.redirectError(err);
    Process p = pb.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertThat(first).as("first stdout line; stderr: %s", Files.readString(err.toPath())).isNotNull();
      JsonNode config = Http.JSON.readTree(first);
      assertThat(config.path("project_id").asText()).isEqualTo(project);
      assertThat(config.path("dataset").asText()).isEqualTo(dataset);
      assertThat(config.path("region").asText()).isEqualTo(region);
      assertThat(config.path("bucket").asText()).isEqualTo(bucket);
      assertThat(config.path("bucket_path").asText()).isEqualTo(bucketPath);
      assertThat(config.path("credentials").path("auth_type").asText()).isEqualTo("CredentialsJSON");
      String endpoint = config.path("advanced").path("endpoint").asText();
      String storageEndpoint = config.path("advanced").path("storage_endpoint").asText();
      assertThat(endpoint).matches("http://127\\.0\\.0\\.1:\\d+/bigquery/v2/");
      assertThat(storageEndpoint).matches("http://127\\.0\\.0\\.1:\\d+");

      // NoCredentials, as a test client would: the host is the endpoint without its API path.
      String host = endpoint.substring(0, endpoint.length() - "/bigquery/v2/".length());
      BigQuery bq = FakeClients.bigQueryOptions(host, project).getService();
      assertThat(bq.getDataset(dataset).getLocation()).isEqualTo(region);
      Storage gcs = FakeClients.storage(storageEndpoint, project);
      assertThat(gcs.get(bucket).getLocation()).isEqualTo(region);
      gcs.create(BlobInfo.newBuilder(bucket, bucketPath + "/probe").build(), new byte[] {1});

      // The printed service-account key, as a connector that insists on credentials would use it.
      var creds = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(
          config.path("credentials").path("credentials_json").asText().getBytes(StandardCharsets.UTF_8)));
      BigQuery withKey = BigQueryOptions.newBuilder().setHost(host).setProjectId(project).setLocation(region)
          .setCredentials(creds).build().getService();
      var rows = new ArrayList<Long>();
      withKey.query(QueryJobConfiguration.of("SELECT 1 + 1 AS two")).iterateAll().forEach(r -> rows.add(r.get(0).getLongValue()));
      assertThat(rows).containsExactly(2L);
      Storage gcsWithKey = StorageOptions.http().setHost(storageEndpoint).setProjectId(project).setCredentials(creds).build()
          .getService();
      assertThat(gcsWithKey.get(bucket, bucketPath + "/probe").getSize()).isEqualTo(1L);
      // The control API of a standalone fake: arm a fault over HTTP, read the request log.
      var http = java.net.http.HttpClient.newHttpClient();
      var arm = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(storageEndpoint + "/fake/v1/faults"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"method\":\"bigquery.datasets.get\",\"code\":503,\"reason\":\"backendError\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(arm.statusCode()).isEqualTo(200);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> bq.getDataset(dataset))
          .isInstanceOf(com.google.cloud.bigquery.BigQueryException.class).hasMessageContaining("unavailable");
      JsonNode log = Http.JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(storageEndpoint + "/fake/v1/requests")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      List<String> methods = new ArrayList<>();
      log.path("requests").forEach(r -> methods.add(r.path("method").asText() + " " + r.path("status").asInt()));
      assertThat(methods).contains("oauth2.token 200", "bigquery.jobs.query 200", "storage.objects.insert 200",
          "bigquery.datasets.get 503");
      assertThat(p.isAlive()).as("serves until killed").isTrue();
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      Files.deleteIfExists(err.toPath());
    }
  }
}
