package org.flowmat.dialect.bigquery;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.flowmat.core.connector.ConnectorException;

/**
 * Google's clients as the config makes them. Credentials come only from the config, never from the environment
 * (no application-default lookup). When {@code advanced.endpoint} is set the clients talk to it with
 * {@code NoCredentials}, as Estuary's connector does for an emulator.
 */
final class BigQueryServices {
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/bigquery",
      "https://www.googleapis.com/auth/devstorage.read_write");
  private static final String API_PATH = "/bigquery/v2";

  private BigQueryServices() {}

  static BigQuery bigQuery(BigQueryConfig config) {
    BigQueryOptions.Builder b = BigQueryOptions.newBuilder()
        .setProjectId(config.billingProjectId())
        .setLocation(config.region());
    String endpoint = config.advanced().endpoint();
    if (endpoint != null) {
      b.setHost(host(endpoint)).setCredentials(NoCredentials.getInstance());
    } else {
      b.setCredentials(credentials(config));
    }
    return b.build().getService();
  }

  static Storage storage(BigQueryConfig config) {
    StorageOptions.Builder b = StorageOptions.http().setProjectId(config.projectId());
    String endpoint = config.advanced().storageEndpoint();
    if (endpoint != null) {
      b.setHost(endpoint.replaceAll("/+$", "")).setCredentials(NoCredentials.getInstance());
    } else if (config.advanced().endpoint() != null) {
      throw new ConnectorException("endpoint config: advanced.endpoint is set but advanced.storage_endpoint is not;"
          + " a BigQuery emulator needs a Cloud Storage emulator too (credentials are never sent to either)");
    } else {
      b.setCredentials(credentials(config));
    }
    return b.build().getService();
  }

  /** The client's host for Estuary's {@code advanced.endpoint}: the API base URL without {@code /bigquery/v2/}. */
  static String host(String endpoint) {
    String h = endpoint.replaceAll("/+$", "");
    return h.endsWith(API_PATH) ? h.substring(0, h.length() - API_PATH.length()) : h;
  }

  private static Credentials credentials(BigQueryConfig config) {
    if (config.credentials() instanceof BigQueryConfig.ServiceAccountJson key) {
      if (key.json() == null || key.json().isBlank()) {
        throw new ConnectorException("endpoint config: credentials.credentials_json is empty");
      }
      try {
        return GoogleCredentials.fromStream(new ByteArrayInputStream(key.json().getBytes(StandardCharsets.UTF_8)))
            .createScoped(SCOPES);
      } catch (IOException | RuntimeException e) {
        // The parser's message may quote the key: only its kind is kept.
        throw new ConnectorException("endpoint config: credentials.credentials_json is not a service account JSON key ("
            + e.getClass().getSimpleName() + ")");
      }
    }
    throw new ConnectorException("endpoint config: credentials.auth_type GCPIAM (workload identity federation) is not"
        + " supported by this connector yet; use CredentialsJSON");
  }
}
