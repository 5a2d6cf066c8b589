package org.flowmat.core.connector;

import java.util.Optional;
import org.flowmat.core.spec.ConnectorState;

/** What Apply did, as the SQL it ran (empty when nothing changed), and an optional transactional state update. */
public record ApplyResult(String actionDescription, Optional<ConnectorState> state) {
  public static ApplyResult of(String actionDescription) {
    return new ApplyResult(actionDescription, Optional.empty());
  }
}
