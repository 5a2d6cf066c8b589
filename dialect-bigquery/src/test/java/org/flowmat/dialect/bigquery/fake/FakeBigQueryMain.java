package org.flowmat.dialect.bigquery.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the fake on its own ({@code bin/flowmat fake bigquery}): creates the dataset and the staging bucket, prints on
 * its first stdout line the endpoint config for materialize-bigquery (Estuary's property names; advanced.endpoint is
 * Estuary's BigQuery API base path, advanced.storage_endpoint the GCS root URL), then serves until killed.
 *
 * <p>Options: --project P, --dataset D, --region R, --bucket B, --bucket-path P (defaults: flowmat-fake, flowmat, US,
 * flowmat-staging, flowmat).
 */
public final class FakeBigQueryMain {
  private FakeBigQueryMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>(Map.of("project", "flowmat-fake", "dataset", "flowmat", "region", "US",
        "bucket", "flowmat-staging", "bucket-path", "flowmat"));
    for (int k = 0; k < args.length; k++) {
      String a = args[k];
      if (!a.startsWith("--") || !opts.containsKey(a.substring(2)) || k + 1 >= args.length) {
        System.err.println("usage: FakeBigQueryMain [--project P] [--dataset D] [--region R] [--bucket B] [--bucket-path P]"
            + " (unknown or incomplete option: " + a + ")");
        System.exit(2);
      }
      opts.put(a.substring(2), args[++k]);
    }
    FakeBigQuery fake = FakeBigQuery.start(opts.get("project"), opts.get("region"));
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-bigquery-shutdown"));
    fake.bucket(opts.get("bucket"), opts.get("region"));
    fake.createDataset(opts.get("dataset"), opts.get("region"));
    System.out.println(Http.JSON.writeValueAsString(endpointConfig(fake, opts.get("dataset"), opts.get("bucket"),
        opts.get("bucket-path"))));
    System.out.flush();
    System.err.println("fake BigQuery + GCS for project " + fake.project() + " on " + fake.url()
        + " (POST /fake/v1/faults to inject faults, GET /fake/v1/requests for the request log); serving until killed");
    Thread.currentThread().join();
  }

  /**
   * The materialize-bigquery endpoint config that reaches this fake. Credentials are a service-account key made up at
   * start whose token_uri is the fake's /token, so a connector that insists on credentials gets through too; a client
   * may equally use NoCredentials.
   */
  public static ObjectNode endpointConfig(FakeBigQuery fake, String dataset, String bucket, String bucketPath) {
    ObjectNode c = Http.JSON.createObjectNode();
    c.put("project_id", fake.project());
    c.put("region", fake.location());
    c.put("dataset", dataset);
    c.put("bucket", bucket);
    c.put("bucket_path", bucketPath);
    ObjectNode creds = c.putObject("credentials");
    creds.put("auth_type", "CredentialsJSON");
    creds.put("credentials_json", serviceAccountJson(fake));
    ObjectNode advanced = c.putObject("advanced");
    advanced.put("endpoint", fake.bigQueryEndpoint());
    advanced.put("storage_endpoint", fake.url());
    return c;
  }

  private static String serviceAccountJson(FakeBigQuery fake) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      String key = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(gen.generateKeyPair().getPrivate().getEncoded());
      ObjectNode sa = Http.JSON.createObjectNode();
      sa.put("type", "service_account");
      sa.put("project_id", fake.project());
      sa.put("private_key_id", "fake");
      sa.put("private_key", "-----BEGIN PRIVATE KEY-----\n" + key + "\n-----END PRIVATE KEY-----\n");
      sa.put("client_email", "flowmat@" + fake.project() + ".iam.gserviceaccount.com");
      sa.put("client_id", "1");
      sa.put("token_uri", fake.url() + "/token");
      return Http.JSON.writeValueAsString(sa);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("making the fake's service-account key", e);
    }
  }
}
