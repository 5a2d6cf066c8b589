package org.flowmat.core.connector;

import org.flowmat.core.config.SyncSchedule;

/**
 * An open session. {@code disableLoadOptimization} asks the runtime to send Loads even for keys it never stored
 * (tables that held rows before this materialization); {@code syncSchedule} paces Acknowledged once streaming.
 */
public record Opened(Transactor transactor, boolean disableLoadOptimization, SyncSchedule syncSchedule) {
  /** A session whose Acknowledged is never delayed. */
  public Opened(Transactor transactor, boolean disableLoadOptimization) {
    this(transactor, disableLoadOptimization, SyncSchedule.NONE);
  }
}
