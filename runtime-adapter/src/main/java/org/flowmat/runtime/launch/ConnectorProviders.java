package org.flowmat.runtime.launch;

import java.util.List;
import java.util.ServiceLoader;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConnectorProvider;

/** Finds warehouse connectors on the class path through {@link ServiceLoader}; there is no central list. */
public final class ConnectorProviders {
  /** DuckDB is embedded, so it is the connector wherever none is named. */
  public static final String DEFAULT = "duckdb";

  private ConnectorProviders() {}

  public static List<ConnectorProvider> available() {
    return ServiceLoader.load(ConnectorProvider.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  /**
   * The provider called {@code name}; with no name, the only one on the class path (an image carries one), else
   * the default.
   */
  public static ConnectorProvider find(String name) {
    List<ConnectorProvider> all = available();
    if (name == null || name.isBlank()) {
      if (all.size() == 1) {
        return all.get(0);
      }
      name = DEFAULT;
    }
    for (ConnectorProvider p : all) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new ConnectorException(
        "no connector named '" + name + "' is on the class path; available: "
            + all.stream().map(ConnectorProvider::name).sorted().toList());
  }
}
