package org.flowmat.dialect.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.flowmat.core.config.CredentialParameters;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.staging.LocalStagingArea;
import org.flowmat.core.staging.ShardStaging;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.dialect.WarehouseClient;

/**
 * A DuckDB database: a file (created on first write), {@code :memory:}, or an {@code md:} MotherDuck path.
 *
 * @param token the MotherDuck service token (secret), or null
 * @param stagingDirectory where shards stage rows until Acknowledge; empty means beside a local database file
 */
record DuckDbEndpoint(String database, String schema, boolean hardDelete, String token, Optional<String> stagingDirectory)
    implements Endpoint {
  /** The schema every DuckDB database has (and the endpoint schema's default). */
  static final String BUILTIN_SCHEMA = "main";

  DuckDbEndpoint {
    // No default place is durable for a remote database: a container's temporary directory is gone after a restart,
    // and a plan committed to Flow could then never be applied. The user must name storage that survives.
    if (database.startsWith("md:") && stagingDirectory.isEmpty()) {
      throw new ConnectorException("endpoint config: an 'md:' (MotherDuck) database needs 'stagingDirectory', a"
          + " directory on storage that survives a restart of the connector (staged rows wait there until the"
          + " transaction's Acknowledge)");
    }
  }

  DuckDbEndpoint(String database, String schema, boolean hardDelete) {
    this(database, schema, hardDelete, null, Optional.empty());
  }

  DuckDbEndpoint(String database, String schema, boolean hardDelete, Optional<String> stagingDirectory) {
    this(database, schema, hardDelete, null, stagingDirectory);
  }

  /** Binds an endpoint config (see {@link DuckDbConfig}); defaults are the published schema's. */
  static DuckDbEndpoint from(JsonNode config) {
    DuckDbConfig c = DuckDbConfig.BINDER.bind(config, "endpoint config");
    return new DuckDbEndpoint(c.database(), c.schema(), c.hardDelete(), c.token(), Optional.ofNullable(c.stagingDirectory()));
  }

  /** The database for messages: a token inside it masked. */
  String databaseForMessages() {
    return masked(database);
  }

  /** {@code database} with a token written into it (md:db?motherduck_token=..., as MotherDuck's docs allow) masked. */
  static String masked(String database) {
    return CredentialParameters.mask(database);
  }

  boolean motherDuck() {
    return database.startsWith("md:");
  }

  @Override
  public String toString() {
    return "DuckDbEndpoint[database=" + databaseForMessages() + ", schema=" + schema + ", hardDelete=" + hardDelete
        + ", token=" + (token == null ? "none" : "[redacted]") + ", stagingDirectory=" + stagingDirectory.orElse("none")
        + "]";
  }

  @Override
  public String defaultSchema() {
    return schema;
  }

  boolean inMemory() {
    return database.equals(":memory:");
  }

  boolean local() {
    return !inMemory() && !motherDuck();
  }

  /**
   * Staged files live in {@code <root>/<materialization>/<key_begin>-<key_end>/} ({@link ShardStaging}), where the
   * root is {@code stagingDirectory} or else {@code <database>.staging} beside a local file: DuckDB reads them there
   * and they survive a crash with the database. An {@code md:} database has a staging directory (see the
   * constructor). {@code :memory:} without one stages in a per-process temporary directory: nothing of an in-memory
   * database survives its process, so there is no plan to recover.
   */
  @Override
  public StagingArea staging(String materialization, KeyRange range) throws IOException {
    Path root = stagingDirectory.map(Path::of).orElseGet(() -> local()
        ? Path.of(database + ".staging")
        : Path.of(System.getProperty("java.io.tmpdir"), "flowmat-staging-" + ProcessHandle.current().pid()));
    return new LocalStagingArea(new ShardStaging(materialization, range).under(root));
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
