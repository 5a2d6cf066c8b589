package org.flowmat.core.dialect;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a shard stages rows between Store and Acknowledge: files the warehouse can read (a local directory for
 * DuckDB, an internal stage for Snowflake, a bucket for BigQuery). Names are unique per shard and purpose, so a
 * rerun of the same transaction overwrites its own earlier attempt.
 */
public interface StagingArea {

  /** Creates (or truncates) a staged file for writing. */
  OutputStream create(String name) throws IOException;

  /** After the stream is closed: make the file survive a crash (fsync, upload). */
  void makeDurable(String name) throws IOException;

  /** How SQL refers to the file (a path or URI), before literal quoting. */
  String reference(String name);

  boolean exists(String name) throws IOException;

  void delete(String name) throws IOException;
}
