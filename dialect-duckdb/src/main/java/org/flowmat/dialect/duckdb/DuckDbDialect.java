package org.flowmat.dialect.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.TypeMapping;

/** DuckDB, embedded: the default warehouse, which needs no account and no network. */
public final class DuckDbDialect implements Dialect {
  static final String NAME = "duckdb";
  static final SqlTemplates TEMPLATES = new SqlTemplates(NAME, DuckDbDialect.class.getClassLoader());
  static final ConnectorSpec SPEC =
      ConnectorSpec.fromResources(DuckDbDialect.class, "endpoint-config.schema.json", "resource-config.schema.json", "");
  private static final Identifiers IDENTIFIERS = new DuckDbIdentifiers();
  private static final TypeMapping TYPES = new DuckDbTypes();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ConnectorSpec spec() {
    return SPEC;
  }

  @Override
  public Identifiers identifiers() {
    return IDENTIFIERS;
  }

  @Override
  public Literals literals() {
    return Literals.ansi();
  }

  @Override
  public TypeMapping types() {
    return TYPES;
  }

  @Override
  public SqlTemplates templates() {
    return TEMPLATES;
  }

  /**
   * No PRIMARY KEY: DuckDB maintains an index for it that slows bulk loads and restricts ALTER TABLE, and the engine
   * already keeps one row per key.
   */
  @Override
  public boolean primaryKeys() {
    return false;
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    return DuckDbEndpoint.from(config);
  }
}
