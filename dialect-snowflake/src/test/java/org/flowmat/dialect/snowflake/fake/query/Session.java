package org.flowmat.dialect.snowflake.fake.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One Snowflake session: who, where (database/schema/warehouse/role), its parameters and its DuckDB connection. */
public final class Session {
  public final long id;
  public final String user;
  final Connection duck;
  volatile String database;
  volatile String schema;
  volatile String warehouse;
  volatile String role;
  /** Parameters set with ALTER SESSION (upper-case names). */
  final Map<String, String> parameters = new LinkedHashMap<>();
  boolean inTransaction;
  boolean autocommit = true;

  Session(long id, String user, Connection duck) {
    this.id = id;
    this.user = user;
    this.duck = duck;
  }

  public Optional<String> database() {
    return Optional.ofNullable(database);
  }

  public Optional<String> schema() {
    return Optional.ofNullable(schema);
  }

  public Optional<String> warehouse() {
    return Optional.ofNullable(warehouse);
  }

  public Optional<String> role() {
    return Optional.ofNullable(role);
  }

  public synchronized Map<String, String> parameters() {
    return Map.copyOf(parameters);
  }

  /** Ends the session: an open transaction is rolled back, as Snowflake does when a session ends. */
  public synchronized void close() {
    try {
      if (inTransaction) {
        duck.createStatement().execute("ROLLBACK");
      }
      duck.close();
    } catch (SQLException e) {
      // The session is gone either way.
    }
  }
}
