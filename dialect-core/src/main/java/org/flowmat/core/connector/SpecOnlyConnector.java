package org.flowmat.core.connector;

import java.util.List;

/**
 * A connector that so far answers only Spec. Every other request fails with an error that says so, rather than
 * half-working; dialects use it until their engine parts land.
 */
public record SpecOnlyConnector(String name, ConnectorSpec spec) implements MaterializationConnector {

  @Override
  public List<ValidatedBinding> validate(ValidateRequest request) {
    throw unsupported("Validate");
  }

  @Override
  public ApplyResult apply(ApplyRequest request) {
    throw unsupported("Apply");
  }

  @Override
  public Opened open(OpenRequest request) {
    throw unsupported("Open");
  }

  private ConnectorException unsupported(String request) {
    return new ConnectorException(
        "the " + name + " connector cannot serve " + request + " yet: this build implements only Spec");
  }
}
