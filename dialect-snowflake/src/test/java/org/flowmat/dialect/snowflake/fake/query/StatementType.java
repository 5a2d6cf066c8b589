package org.flowmat.dialect.snowflake.fake.query;

/** The driver's {@code SFStatementType} ids; it computes update counts only for the DML ones and COPY. */
public enum StatementType {
  SELECT(0x1000), INSERT(0x3100), UPDATE(0x3200), DELETE(0x3300), MERGE(0x3400), COPY(0x3600),
  ALTER_SESSION(0x4100), USE(0x4300), SHOW(0x4400), DESCRIBE(0x4500), LIST(0x4701), TCL(0x5000), DDL(0x6000),
  GET(0x7101), PUT(0x7102), REMOVE(0x7103);

  public final long id;

  StatementType(long id) {
    this.id = id;
  }
}
