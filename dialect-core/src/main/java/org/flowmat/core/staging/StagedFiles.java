package org.flowmat.core.staging;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowmat.core.connector.NoSpaceLeftException;
import org.flowmat.core.dialect.StagingArea;

/**
 * One binding's staged rows of one purpose (its Load keys, or its Store rows) as a series of files in a
 * {@link StagingArea}: {@code <prefix>-00000.ndjson}, {@code <prefix>-00001.ndjson}, …. After each row the writer of
 * the rows asks {@link #full}; once a file holds {@link StagingArea#fileSizeLimit()} bytes it calls {@link #roll}, the
 * next row goes to a new file, and the full one is made durable (or readable) right away (fsynced, or uploaded), so a
 * remote stage receives a large transaction while it is still being stored instead of all at StartCommit.
 *
 * <p>A row is never split across files: a warehouse reads each file on its own.
 */
public final class StagedFiles extends OutputStream {
  private final StagingArea area;
  private final String prefix;
  private final String what;
  private final long limit;
  private final boolean durable;
  private final List<String> done = new ArrayList<>();
  private OutputStream current;
  private String currentName;
  private long written;
  /** Bytes of the files before the current one. */
  private long earlierFiles;
  private boolean finished;

  /**
   * @param what the files as errors name them, e.g. {@code staging for binding 3}
   * @param durable whether the files must survive a crash (Store rows) or only be readable (Load keys)
   */
  public StagedFiles(StagingArea area, String prefix, String what, boolean durable) throws IOException {
    this.area = area;
    this.durable = durable;
    this.prefix = prefix;
    this.what = what;
    this.limit = area.fileSizeLimit();
    open();
  }

  private void open() throws IOException {
    earlierFiles += written;
    written = 0;
    currentName = String.format(Locale.ROOT, "%s-%05d.ndjson", prefix, done.size());
    current = NoSpaceLeftException.guard(area.create(currentName), area.reference(currentName), what);
    finished = false;
  }

  @Override
  public void write(int b) throws IOException {
    current.write(b);
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    current.write(b, off, len);
    written += len;
  }

  /**
   * After a whole row: starts the next file when this one is full. {@code buffered} is what the row's writer still
   * holds for the current file; it must flush those bytes into this stream before a roll, which {@code flush} asks.
   */
  public boolean full(long buffered) {
    return written + buffered >= limit;
  }

  /** Bytes written into the current file so far. */
  public long position() {
    return written;
  }

  /** Closes the current file, makes it durable and starts the next; call only between rows, after flushing. */
  public void roll() throws IOException {
    closeCurrent();
    open();
  }

  private void closeCurrent() throws IOException {
    finished = true; // until the next file is open: a failure here leaves this one among the names to delete
    done.add(currentName);
    current.close();
    if (durable) {
      area.makeDurable(currentName);
    } else {
      area.makeReadable(currentName);
    }
  }

  /** Closes the last file and makes it durable (or readable); the names of every file, in order, empty ones too. */
  public List<String> finish() throws IOException {
    if (!finished) {
      closeCurrent();
    }
    return List.copyOf(done);
  }

  /** Bytes written to every file so far: what the binding staged, for the transaction's stats. */
  public long bytes() {
    return earlierFiles + written;
  }

  /** Every file this writer created, finished or not: what to delete when its rows are no longer needed. */
  public List<String> names() {
    List<String> all = new ArrayList<>(done);
    if (!finished) {
      all.add(currentName);
    }
    return all;
  }

  /** Closes without making anything durable: for a transaction that will never be committed. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      done.add(currentName); // first: a close that fails (a full disk) must still leave the file to delete
      current.close();
    }
  }
}
