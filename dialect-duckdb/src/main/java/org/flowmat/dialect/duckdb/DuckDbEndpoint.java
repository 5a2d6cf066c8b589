package org.flowmat.dialect.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.ResourceConfig;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.staging.LocalStagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.TablePath;

/** A DuckDB database: a file (created on first write), {@code :memory:}, or an {@code md:} MotherDuck path. */
record DuckDbEndpoint(String database, String schema, boolean hardDelete, String token) implements Endpoint {
  static final String DEFAULT_DATABASE = "flowmat.duckdb";
  static final String DEFAULT_SCHEMA = "main";
  // A token written into the database string itself (md:db?motherduck_token=...), as MotherDuck's docs allow.
  private static final Pattern TOKEN_IN_DATABASE = Pattern.compile("(?i)(motherduck_token=)[^&;?\\s]+");

  DuckDbEndpoint(String database, String schema, boolean hardDelete) {
    this(database, schema, hardDelete, null);
  }

  static DuckDbEndpoint from(JsonNode config) {
    return new DuckDbEndpoint(
        config.path("database").asText(DEFAULT_DATABASE),
        config.path("schema").asText(DEFAULT_SCHEMA),
        config.path("hardDelete").asBoolean(false),
        config.hasNonNull("token") ? config.get("token").asText() : null);
  }

  /** The database for messages: a token inside it masked. */
  String databaseForMessages() {
    return TOKEN_IN_DATABASE.matcher(database).replaceAll("$1[redacted]");
  }

  boolean motherDuck() {
    return database.startsWith("md:");
  }

  @Override
  public String toString() {
    return "DuckDbEndpoint[database=" + databaseForMessages() + ", schema=" + schema + ", hardDelete=" + hardDelete
        + ", token=" + (token == null ? "none" : "[redacted]") + "]";
  }

  @Override
  public String defaultSchema() {
    return schema;
  }

  @Override
  public TablePath tablePath(ResourceConfig resource) {
    return TablePath.of(resource.schema().orElse(schema), resource.table());
  }

  boolean inMemory() {
    return database.equals(":memory:");
  }

  boolean local() {
    return !inMemory() && !motherDuck();
  }

  /**
   * Staged files live beside the database file ({@code <database>.staging/<key_begin>/}), where DuckDB reads them
   * and where they survive a crash with it. In-memory and remote databases stage in the temporary directory.
   */
  @Override
  public StagingArea staging(String keyBeginPrefix) throws IOException {
    Path base = local()
        ? Path.of(database + ".staging")
        : Path.of(System.getProperty("java.io.tmpdir"), "flowmat-staging-" + ProcessHandle.current().pid());
    return new LocalStagingArea(base.resolve(keyBeginPrefix));
  }

  @Override
  public WarehouseClient connect(boolean readOnly) throws Exception {
    if (readOnly && local() && !Files.exists(Path.of(database))) {
      // Validate must not create the database file; a database that does not exist has no tables.
      return DuckDbClient.absent();
    }
    if (!readOnly && local() && Path.of(database).toAbsolutePath().getParent() != null) {
      Files.createDirectories(Path.of(database).toAbsolutePath().getParent());
    }
    return DuckDbClient.open(this, readOnly && local());
  }
}
