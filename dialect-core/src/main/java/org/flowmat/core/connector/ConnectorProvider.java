package org.flowmat.core.connector;

/**
 * Registers a warehouse with the suite through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.flowmat.core.connector.ConnectorProvider}). Adding a warehouse touches no central code.
 */
public interface ConnectorProvider {

  /** The short name used by launchers and the local runner, e.g. {@code duckdb}. */
  String name();

  /** A fresh connector for one protocol stream. */
  MaterializationConnector create();
}
