package org.flowmat.runtime.codec;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes each message as one compact JSON line (see {@link PbJson}) terminated by {@code '\n'},
 * encoded into a reused buffer and handed to the stream with a single write, then flushed.
 */
final class JsonLineWriter<T extends Message> implements MessageWriter<T> {
  private static final int INITIAL = 16 << 10;
  private static final int RETAIN_LIMIT = 4 << 20;

  private final OutputStream out;
  private JsonOut json = new JsonOut(INITIAL);

  JsonLineWriter(OutputStream out) {
    this.out = out;
  }

  @Override
  public synchronized void write(T message) throws IOException {
    JsonOut j = json;
    j.reset();
    PbJsonWriter.print(message, j);
    if (j.len > Codec.MAX_MESSAGE_BYTES) {
      throw new ProtocolException(
          "JSON message of " + j.len + " bytes exceeds the maximum of " + Codec.MAX_MESSAGE_BYTES);
    }
    j.write((byte) '\n');
    out.write(j.buf, 0, j.len);
    out.flush();
    if (j.buf.length > RETAIN_LIMIT) {
      json = new JsonOut(INITIAL);
    }
  }
}
