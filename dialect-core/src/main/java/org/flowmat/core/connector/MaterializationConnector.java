package org.flowmat.core.connector;

import java.util.List;

/**
 * What the runtime adapter calls: one instance serves one protocol stream (one process in production). The adapter
 * turns Flow's protobuf messages into these plain types, so nothing here depends on the wire.
 */
public interface MaterializationConnector extends AutoCloseable {

  ConnectorSpec spec();

  List<ValidatedBinding> validate(ValidateRequest request) throws Exception;

  ApplyResult apply(ApplyRequest request) throws Exception;

  /**
   * What {@link #apply} would do, without doing it: reads the warehouse's information schema only. Lets analytics
   * engineers review the SQL before it runs.
   */
  default ApplyResult planApply(ApplyRequest request) throws Exception {
    throw new ConnectorException("this connector cannot plan Apply without running it");
  }

  Opened open(OpenRequest request) throws Exception;

  @Override
  default void close() throws Exception {}
}
