package org.flowmat.dialect.bigquery;

import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.spec.SerPolicy;

/** Registers the bigquery connector with the suite (found through ServiceLoader). */
public final class BigQueryConnectorProvider implements ConnectorProvider {
  static final String NAME = BigQueryDialect.NAME;

  @Override
  public String name() {
    return NAME;
  }

  /** No truncation: BigQuery takes rows of up to 100 MB, beyond what Flow sends in a document. */
  @Override
  public MaterializationConnector create() {
    return new SqlConnector(new BigQueryDialect(), SerPolicy.NONE);
  }

  static ConnectorSpec spec() {
    return BigQueryDialect.SPEC;
  }
}
