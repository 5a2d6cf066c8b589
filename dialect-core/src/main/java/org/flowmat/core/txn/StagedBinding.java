package org.flowmat.core.txn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.TypeMapping;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.Table;
import org.flowmat.core.staging.StagedFiles;

/**
 * One binding's rows of one purpose (Load keys or Store rows) being staged in the current transaction: its files,
 * their writer, the key bounds seen, and what the plan records about them. Memory does not grow with the rows.
 */
final class StagedBinding {
  final Table table;
  final StagedFiles files;
  final StagedRows rows;
  final KeyBounds bounds;
  boolean anyExisted;
  long deletes;

  private StagedBinding(Table table, StagedFiles files, StagedRows rows, KeyBounds bounds) {
    this.table = table;
    this.files = files;
    this.rows = rows;
    this.bounds = bounds;
  }

  /**
   * Starts staging for {@code table} under file names beginning with {@code prefix}: keys only for Loads; keys and
   * values, in files made durable, for Stores.
   */
  static StagedBinding open(StagingArea area, String prefix, Table table, boolean withValues, TypeMapping types,
      KeyBounds bounds) throws IOException {
    StagedFiles files = new StagedFiles(area, prefix, "staging for binding " + table.binding(), withValues);
    return new StagedBinding(table, files, new StagedRows(files, columns(table, withValues, types)), bounds);
  }

  /** How each staged column of {@code table} is staged, keys then (for Store) values, as the dialect's types say. */
  private static StagedRows.Columns columns(Table table, boolean withValues, TypeMapping types) {
    List<Column> columns = new ArrayList<>(table.keys());
    if (withValues) {
      columns.addAll(table.values());
    }
    return new StagedRows.Columns("binding " + table.binding() + " (" + String.join(".", table.path().components()) + ")",
        columns.stream().map(Column::field).toList(), columns.stream().map(c -> types.stager(c.type())).toList());
  }

  /** Ends the rows and makes every file durable (Stores) or readable (Loads); their names in order. */
  List<String> finish() throws IOException {
    rows.flush();
    return files.finish();
  }

  /** For rows no plan will name: closes them, deletes every file, and reports nothing (the session is ending). */
  void discard(StagingArea area) {
    try {
      rows.close();
    } catch (IOException | RuntimeException ignored) {
      // The files are deleted next; a failed close leaves nothing to keep.
    }
    for (String name : files.names()) {
      try {
        area.delete(name);
      } catch (IOException ignored) {
        // Open's leftover cleanup removes what is still there.
      }
    }
  }
}
