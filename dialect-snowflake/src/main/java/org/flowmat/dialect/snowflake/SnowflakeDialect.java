package org.flowmat.dialect.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.dialect.snowflake.SnowflakeTypes.TimestampType;

/**
 * Snowflake's pure parts: names, literals, types (their timestamp type chosen by the endpoint's
 * {@code timestamp_type}, see {@link #configuredBy}) and the statements in templates/snowflake/. The client part is
 * {@link SnowflakeEndpoint}.
 */
public final class SnowflakeDialect implements Dialect {
  static final String NAME = "snowflake";
  static final SqlTemplates TEMPLATES = new SqlTemplates(NAME, SnowflakeDialect.class.getClassLoader());
  static final ConnectorSpec SPEC = ConnectorSpec.fromResources(SnowflakeDialect.class, "endpoint-config.schema.json",
      "resource-config.schema.json", "https://go.estuary.dev/materialize-snowflake");
  private static final Identifiers IDENTIFIERS = new SnowflakeIdentifiers();

  private final SnowflakeTypes types;

  /** With the schema's default timestamp type, for Spec and for parsing endpoint configs. */
  public SnowflakeDialect() {
    this(TimestampType.TIMESTAMP_LTZ);
  }

  SnowflakeDialect(TimestampType timestampType) {
    this.types = new SnowflakeTypes(timestampType);
  }

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
    return SnowflakeLiterals.INSTANCE;
  }

  @Override
  public TypeMapping types() {
    return types;
  }

  @Override
  public SqlTemplates templates() {
    return TEMPLATES;
  }

  /** PRIMARY KEY as Estuary's connector declares it: Snowflake does not enforce it, tools read it. */
  @Override
  public boolean primaryKeys() {
    return true;
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    return SnowflakeEndpoint.from(config);
  }

  /** Snowflake bills and queues per query: one Load query answers every binding's Loads. */
  @Override
  public boolean oneLoadQuery() {
    return true;
  }

  /** Date-time columns of the endpoint's {@code timestamp_type}. */
  @Override
  public Dialect configuredBy(Endpoint endpoint) {
    TimestampType wanted = ((SnowflakeEndpoint) endpoint).timestampType();
    return wanted == types.timestampType() ? this : new SnowflakeDialect(wanted);
  }
}
