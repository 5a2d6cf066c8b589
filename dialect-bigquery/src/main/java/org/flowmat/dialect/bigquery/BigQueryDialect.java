package org.flowmat.dialect.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.model.Table;
import org.flowmat.core.spec.MaterializationBinding;

/** Google BigQuery: the pure parts (names, literals, types, templates) and the endpoint that connects. */
public final class BigQueryDialect implements Dialect {
  static final String NAME = "bigquery";
  static final SqlTemplates TEMPLATES = new SqlTemplates(NAME, BigQueryDialect.class.getClassLoader());
  static final ConnectorSpec SPEC = ConnectorSpec.fromResources(BigQueryDialect.class, "endpoint-config.schema.json",
      "resource-config.schema.json", "https://go.estuary.dev/materialize-bigquery");
  static final BigQueryIdentifiers IDENTIFIERS = new BigQueryIdentifiers();
  private static final Literals LITERALS = new BigQueryLiterals();
  private static final BigQueryTypes TYPES = new BigQueryTypes();

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
    return LITERALS;
  }

  @Override
  public TypeMapping types() {
    return TYPES;
  }

  @Override
  public SqlTemplates templates() {
    return TEMPLATES;
  }

  /** BigQuery's PRIMARY KEY is NOT ENFORCED metadata; Estuary's connector declares none, nor does this one. */
  @Override
  public boolean primaryKeys() {
    return false;
  }

  /** BigQuery bills and queues per query job: one Load query answers every binding (Estuary's connector does too). */
  @Override
  public boolean oneLoadQuery() {
    return true;
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    return BigQueryEndpoint.from(config);
  }

  /** PARTITION BY, CLUSTER BY and OPTIONS from the binding's {@code partition_by} and {@code cluster_by}. */
  @Override
  public Map<String, Object> tableOptions(MaterializationBinding binding, Table table) {
    return TableLayout.of(binding, table, IDENTIFIERS, LITERALS).model();
  }
}
