package org.flowmat.dialect.bigquery.fake;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** The real Google clients pointed at a fake, as a connector builds them: NoCredentials and setHost. */
final class FakeClients {
  private FakeClients() {}

  /** Short retry delays so the tests that make the clients retry stay quick; the retry logic is the client's own. */
  static RetrySettings quickRetries() {
    return RetrySettings.newBuilder()
        .setMaxAttempts(6)
        .setInitialRetryDelayDuration(Duration.ofMillis(20))
        .setRetryDelayMultiplier(1.5)
        .setMaxRetryDelayDuration(Duration.ofMillis(200))
        .setTotalTimeoutDuration(Duration.ofSeconds(60))
        .setInitialRpcTimeoutDuration(Duration.ofSeconds(20))
        .setMaxRpcTimeoutDuration(Duration.ofSeconds(20))
        .setRpcTimeoutMultiplier(1.0)
        .build();
  }

  static BigQueryOptions bigQueryOptions(String host, String project) {
    return BigQueryOptions.newBuilder()
        .setHost(host)
        .setProjectId(project)
        .setLocation("US")
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(quickRetries())
        .build();
  }

  static BigQuery bigQuery(FakeBigQuery fake) {
    return bigQueryOptions(fake.url(), fake.project()).getService();
  }

  static Storage storage(String host, String project) {
    return StorageOptions.http()
        .setHost(host)
        .setProjectId(project)
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(quickRetries())
        .build()
        .getService();
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
