package org.flowmat.core.connector;

/**
 * An open session. {@code disableLoadOptimization} asks the runtime to send Loads even for keys it never stored
 * (tables that held rows before this materialization).
 */
public record Opened(Transactor transactor, boolean disableLoadOptimization) {}
