package org.flowmat.runtime.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames of a 4-byte little-endian unsigned length followed by a protobuf message. Messages
 * are parsed in place from the read buffer, so a frame costs no copies beyond the parsed message.
 */
final class ProtoFrameReader<T extends Message> implements MessageReader<T> {
  private static final int HEADER = 4;

  private final InputBuffer in;
  private final Parser<T> parser;
  private long count;

  @SuppressWarnings("unchecked")
  ProtoFrameReader(InputStream in, T defaultInstance) {
    this.in = new InputBuffer(in);
    this.parser = (Parser<T>) defaultInstance.getParserForType();
  }

  @Override
  public T read() throws IOException {
    long ordinal = count + 1;
    if (!in.require(HEADER)) {
      int got = in.available();
      if (got == 0) {
        return null;
      }
      throw new ProtocolException(
          "truncated frame header: " + got + " of 4 length bytes before EOF (message #" + ordinal + ")");
    }
    byte[] buf = in.buf;
    int p = in.pos;
    long len =
        (buf[p] & 0xffL)
            | (buf[p + 1] & 0xffL) << 8
            | (buf[p + 2] & 0xffL) << 16
            | (buf[p + 3] & 0xffL) << 24;
    if (len > Codec.MAX_MESSAGE_BYTES) {
      throw new ProtocolException(
          "frame header says " + len + " bytes, more than the maximum of " + Codec.MAX_MESSAGE_BYTES
              + " (message #" + ordinal + "); is the input really length-prefixed protobuf?");
    }
    int size = (int) len;
    if (!in.require(HEADER + size)) {
      throw new ProtocolException(
          "truncated frame: header says " + size + " bytes but EOF after "
              + (in.available() - HEADER) + " (message #" + ordinal + ")");
    }
    T message;
    try {
      message = parser.parseFrom(in.buf, in.pos + HEADER, size);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolException(
          "message #" + ordinal + " (" + size + " bytes) is not valid protobuf: " + e.getMessage(), e);
    }
    in.pos += HEADER + size;
    count = ordinal;
    in.shrinkIfOversized();
    return message;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
