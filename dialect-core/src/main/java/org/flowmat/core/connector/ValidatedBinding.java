package org.flowmat.core.connector;

import java.util.List;
import org.flowmat.core.spec.SerPolicy;

/** The connector's answer for one proposed binding, in request order. */
public record ValidatedBinding(
    List<String> resourcePath,
    boolean deltaUpdates,
    boolean caseInsensitiveFields,
    SerPolicy serPolicy,
    List<FieldConstraint> constraints) {

  public ValidatedBinding {
    resourcePath = List.copyOf(resourcePath);
    constraints = List.copyOf(constraints);
  }
}
