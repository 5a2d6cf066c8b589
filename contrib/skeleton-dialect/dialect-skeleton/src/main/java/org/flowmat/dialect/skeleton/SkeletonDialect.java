package org.flowmat.dialect.skeleton;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.dialect.SqlTemplates;
import org.flowmat.core.dialect.TypeMapping;

/**
 * The skeleton warehouse: pure parts (identifiers, literals, types, templates/skeleton/) that render every statement
 * of the golden file, and an endpoint that cannot connect yet. CONTRIBUTING.md at the repository root says what to
 * fill in, in which order.
 */
public final class SkeletonDialect implements Dialect {
  static final String NAME = "skeleton";
  static final SqlTemplates TEMPLATES = new SqlTemplates(NAME, SkeletonDialect.class.getClassLoader());
  static final ConnectorSpec SPEC = ConnectorSpec.fromResources(
      SkeletonDialect.class, "endpoint-config.schema.json", "resource-config.schema.json", "");
  private static final Identifiers IDENTIFIERS = new SkeletonIdentifiers();
  private static final TypeMapping TYPES = new SkeletonTypes();

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

  /** TODO(new dialect): a Literals of its own if the warehouse's string literals are not ANSI ('' doubles a quote). */
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

  /** TODO(new dialect): false where a PRIMARY KEY costs more than it gives (the engine keeps one row per key). */
  @Override
  public boolean primaryKeys() {
    return true;
  }

  @Override
  public Endpoint endpoint(JsonNode config) {
    return SkeletonEndpoint.from(config);
  }
}
