package org.flowmat.runtime.codec;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one JSON-encoded message per {@code '\n'}-terminated line (see {@link PbJson}). Lines are
 * parsed in place in the read buffer. A trailing {@code '\r'} is ignored and blank lines are
 * skipped; end of input after a partial line is an error.
 */
final class JsonLineReader<T extends Message> implements MessageReader<T> {
  private final InputBuffer in;
  private final T defaultInstance;
  private long line;
  /** Bytes from {@code in.pos} already known to hold no newline. */
  private int scanned;

  JsonLineReader(InputStream in, T defaultInstance) {
    this.in = new InputBuffer(in);
    this.defaultInstance = defaultInstance;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T read() throws IOException {
    while (true) {
      byte[] buf = in.buf;
      int start = in.pos;
      int lim = in.lim;
      int nl = -1;
      for (int i = start + scanned; i < lim; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      if (nl < 0) {
        scanned = lim - start;
        if (scanned > Codec.MAX_MESSAGE_BYTES) {
          throw new ProtocolException("line " + (line + 1) + " is longer than the maximum of "
              + Codec.MAX_MESSAGE_BYTES + " bytes without a newline");
        }
        if (!in.fill(scanned + 1)) {
          int rest = in.available();
          boolean blank = isBlank(in.buf, in.pos, in.lim);
          in.pos = in.lim;
          scanned = 0;
          if (rest == 0 || blank) {
            return null;
          }
          throw new ProtocolException("line " + (line + 1) + ": EOF after " + rest
              + " bytes of a message without its terminating newline (partial message)");
        }
        continue;
      }
      line++;
      scanned = 0;
      in.pos = nl + 1;
      int end = nl > start && buf[nl - 1] == '\r' ? nl - 1 : nl;
      if (isBlank(buf, start, end)) {
        continue;
      }
      Message.Builder builder = defaultInstance.newBuilderForType();
      PbJsonReader.merge(buf, start, end - start, builder, line);
      in.shrinkIfOversized();
      return (T) builder.build();
    }
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
