package org.flowmat.core.model;

/** A column as the warehouse's information schema reports it; {@code type} in upper case. */
public record ExistingColumn(String name, String type, boolean nullable) {}
