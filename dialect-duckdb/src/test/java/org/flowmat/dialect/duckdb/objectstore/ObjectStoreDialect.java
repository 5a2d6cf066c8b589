package org.flowmat.dialect.duckdb.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.dialect.duckdb.DuckDbDialect;

/**
 * The second implementation of the staging and apply SPI, for the conformance suite to prove that the SPI is not
 * DuckDB-shaped: DuckDB's pure parts and client, but an object-store-shaped stage ({@link ObjectStoreStagingArea}),
 * a per-table marker ({@link PerTableMarkerApplier}), and every binding's Loads in one query.
 */
final class ObjectStoreDialect implements Dialect {
  static final String NAME = "duckdb-objectstore";
  private final DuckDbDialect duckdb = new DuckDbDialect();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ConnectorSpec spec() {
    return duckdb.spec();
  }

  @Override
  public Identifiers identifiers() {
    return duckdb.identifiers();
  }

  @Override
  public Literals literals() {
    return duckdb.literals();
  }

  @Override
  public TypeMapping types() {
    return duckdb.types();
  }

  @Override
  public SqlTemplates templates() {
    return duckdb.templates();
  }

  @Override
  public boolean primaryKeys() {
    return duckdb.primaryKeys();
  }

  @Override
  public boolean oneLoadQuery() {
    return true;
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    return new ObjectStoreEndpoint(duckdb.endpoint(config), Path.of(config.path("database").asText() + ".bucket"));
  }
}
