package org.flowmat.core.dialect;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Where a shard stages rows between Store and Acknowledge: files the warehouse can read (a local directory for
 * DuckDB, an internal stage for Snowflake, a bucket for BigQuery). An area belongs to one materialization and one
 * shard's full key range ({@link org.flowmat.core.staging.ShardStaging}): no other task, shard or split child
 * writes, lists or deletes in it.
 */
public interface StagingArea {

  /**
   * The size at which the engine starts a binding's next staged file ({@link org.flowmat.core.staging.StagedFiles}):
   * what the warehouse loads best per file, or its upload limit. Files are made durable as each fills.
   */
  default long fileSizeLimit() {
    return Long.MAX_VALUE;
  }

  /** Creates (or truncates) a staged file for writing. */
  OutputStream create(String name) throws IOException;

  /** After the stream is closed: make the file survive a crash (fsync, upload). For staged Store rows. */
  void makeDurable(String name) throws IOException;

  /**
   * After the stream is closed: make the file readable by the warehouse, without the cost of surviving a crash (for
   * Load keys, which a restarted session never reads). Nothing for a local directory; an upload for a remote stage.
   */
  default void makeReadable(String name) throws IOException {}

  /**
   * How SQL refers to the file (a path or URI), before literal quoting. A template may also place it bare (a
   * Snowflake stage location), so an area whose references are used that way makes them of characters that are safe
   * outside a literal.
   */
  String reference(String name);

  boolean exists(String name) throws IOException;

  void delete(String name) throws IOException;

  /** The names of every file in this area (only this task and range), to clean up leftovers at Open. */
  List<String> list() throws IOException;
}
