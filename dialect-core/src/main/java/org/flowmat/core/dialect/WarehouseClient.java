package org.flowmat.core.dialect;

import java.util.Collection;
import java.util.List;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.TablePath;

/** The part of a dialect that talks to the warehouse: introspection and running statements. */
public interface WarehouseClient extends AutoCloseable {

  /** The named tables that exist, with their columns; read-only. */
  InfoSchema introspect(Collection<TablePath> tables) throws Exception;

  /** Whether DDL can run inside a transaction, so that a killed Apply leaves nothing half done. */
  boolean transactionalDdl();

  /** Runs statements in order; in one transaction when {@link #transactionalDdl()}. */
  void execute(List<String> statements) throws Exception;

  @Override
  void close() throws Exception;
}
