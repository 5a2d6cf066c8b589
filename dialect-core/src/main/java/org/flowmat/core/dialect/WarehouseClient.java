package org.flowmat.core.dialect;

import java.util.Collection;
import java.util.List;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.TablePath;

/** The part of a dialect that talks to the warehouse: introspection, DDL, and transactions of DML and queries. */
public interface WarehouseClient extends AutoCloseable {

  /** The named tables that exist, with their columns; read-only. */
  InfoSchema introspect(Collection<TablePath> tables) throws Exception;

  /** Whether DDL can run inside a transaction, so that a killed Apply leaves nothing half done. */
  boolean transactionalDdl();

  /** Runs statements in order; in one transaction when {@link #transactionalDdl()}. */
  void execute(List<String> statements) throws Exception;

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  <T> T transaction(Work<T> work) throws Exception;

  @Override
  void close() throws Exception;

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Txn txn) throws Exception;
  }

  /** Statements within one transaction. */
  interface Txn {
    /** Runs a DML statement and returns the number of rows it changed. */
    long update(String sql) throws Exception;

    /** Runs a query and hands each row to {@code rows}, streaming. */
    void query(String sql, RowHandler rows) throws Exception;
  }

  @FunctionalInterface
  interface RowHandler {
    void row(Row row) throws Exception;
  }

  /** One result row; columns are numbered from 0. */
  interface Row {
    String string(int column) throws Exception;

    long number(int column) throws Exception;

    boolean isNull(int column) throws Exception;
  }
}
