package org.flowmat.dialect.snowflake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.snowflake.client.jdbc.SnowflakeConnection;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.staging.ShardStaging;
import org.flowmat.core.staging.SpooledStagingArea;

/**
 * One shard's files on the internal stage {@code FLOWMAT_STAGE} of the endpoint's schema, under
 * {@code <materialization>/<key_begin>-<key_end>/} ({@link ShardStaging}). A file is written to a local spool file,
 * then uploaded (gzip-compressed by the driver, so it lands as {@code <name>.gz}) through
 * {@link SnowflakeConnection#uploadStream} when the engine makes it durable or readable; an internal stage is as
 * durable as the account, so a restarted shard finds a committed plan's files there.
 */
final class SnowflakeStage extends SpooledStagingArea {
  /** Snowflake loads files of 100-250 MB (compressed) best; NDJSON compresses several times, so this is safe. */
  static final long FILE_SIZE_LIMIT = 100L * 1024 * 1024;
  private static final SqlTemplates SQL = SnowflakeDialect.TEMPLATES;
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final String SUFFIX = ".gz";

  private final Connection connection;
  /** {@code @<schema>.FLOWMAT_STAGE}, the schema quoted as needed. */
  private final String stage;
  /** {@code <materialization>/<range>}, of filesystem- and stage-safe characters only. */
  private final String prefix;

  private SnowflakeStage(Connection connection, String stage, String prefix) throws IOException {
    super("flowmat-snowflake-");
    this.connection = connection;
    this.stage = stage;
    this.prefix = prefix;
  }

  static SnowflakeStage open(SnowflakeEndpoint endpoint, ShardStaging shard) throws Exception {
    Connection connection = SnowflakeClient.connect(endpoint);
    try {
      String stage = "@" + new SnowflakeIdentifiers().quote(endpoint.schema()) + "." + SnowflakeEndpoint.STAGE;
      try (Statement s = connection.createStatement()) {
        s.execute(SQL.render("stage_create", Map.of("stage", stage.substring(1))));
      }
      return new SnowflakeStage(connection, stage, shard.materializationPart() + "/" + shard.rangePart());
    } catch (Exception e) {
      connection.close();
      throw e;
    }
  }

  @Override
  public long fileSizeLimit() {
    return FILE_SIZE_LIMIT;
  }

  /** Files are spooled as plain NDJSON: the driver gzips them on upload. Names are checked (placed bare in SQL). */
  @Override
  protected Path spooled(String name) {
    return super.spooled(safe(name));
  }

  @Override
  protected OutputStream spoolStream(Path file) throws IOException {
    return Files.newOutputStream(file);
  }

  @Override
  protected synchronized void upload(String name, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      connection.unwrap(SnowflakeConnection.class).uploadStream(stage, prefix, in, name, true);
    } catch (SQLException e) {
      throw new IOException("cannot upload " + name + " to Snowflake stage " + stage + "/" + prefix + ": "
          + SnowflakeClient.masked(e.getMessage()), e);
    }
  }

  @Override
  public String reference(String name) {
    return location(name) + SUFFIX;
  }

  @Override
  public synchronized boolean exists(String name) throws IOException {
    return names(location(name) + SUFFIX).contains(name);
  }

  @Override
  protected synchronized void deleteObject(String name) throws IOException {
    run(SQL.render("stage_remove", Map.of("location", location(name) + SUFFIX)));
  }

  @Override
  public synchronized List<String> list() throws IOException {
    return names(stage + "/" + prefix + "/");
  }

  /** The names (without the driver's .gz) of the files LIST shows at {@code location}. */
  private List<String> names(String location) throws IOException {
    List<String> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(SQL.render("stage_list", Map.of("location", location)))) {
      while (r.next()) {
        String path = r.getString(1);
        String file = path.substring(path.lastIndexOf('/') + 1);
        out.add(file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : file);
      }
    } catch (SQLException e) {
      throw new IOException("cannot list Snowflake stage " + location + ": " + SnowflakeClient.masked(e.getMessage()), e);
    }
    return out;
  }

  private void run(String sql) throws IOException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IOException("Snowflake stage command failed: " + SnowflakeClient.masked(e.getMessage()) + "\n" + sql, e);
    }
  }

  /** {@code @<schema>.FLOWMAT_STAGE/<materialization>/<range>/<name>}: placed bare in statements, so names are checked. */
  private String location(String name) {
    return stage + "/" + prefix + "/" + safe(name);
  }

  private static String safe(String name) {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a staged file name must be of letters, digits, '_', '.' and '-': " + name);
    }
    return name;
  }
}
