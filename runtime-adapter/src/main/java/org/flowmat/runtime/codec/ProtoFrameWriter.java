package org.flowmat.runtime.codec;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames of a 4-byte little-endian length followed by the deterministic protobuf encoding
 * of the message (map entries sorted by key, like Flow's BTreeMaps), byte-identical to Flow's own
 * encoding (see {@link ProstCompat} for the one case where protobuf-java differs). Header and body
 * are built in one reused buffer and handed to the stream with a single write, then flushed.
 */
final class ProtoFrameWriter<T extends Message> implements MessageWriter<T> {
  private static final int HEADER = 4;
  private static final int RETAIN_LIMIT = 4 << 20;

  private final OutputStream out;
  private byte[] buf = new byte[16 << 10];

  ProtoFrameWriter(OutputStream out) {
    this.out = out;
  }

  @Override
  public synchronized void write(T message) throws IOException {
    boolean compat = ProstCompat.needed(message);
    int size = compat ? ProstCompat.size(message) : message.getSerializedSize();
    if (size > Codec.MAX_MESSAGE_BYTES) {
      throw new ProtocolException(
          "message of " + size + " bytes exceeds the maximum of " + Codec.MAX_MESSAGE_BYTES);
    }
    int total = HEADER + size;
    if (total > buf.length) {
      buf = new byte[Math.max(total, Math.min(2 * buf.length, Integer.MAX_VALUE - 16))];
    }
    byte[] b = buf;
    b[0] = (byte) size;
    b[1] = (byte) (size >>> 8);
    b[2] = (byte) (size >>> 16);
    b[3] = (byte) (size >>> 24);
    encode(message, compat, CodedOutputStream.newInstance(b, HEADER, size));
    out.write(b, 0, total);
    out.flush();
    if (b.length > RETAIN_LIMIT) {
      buf = new byte[16 << 10];
    }
  }

  /** The protobuf encoding this writer puts in a frame body, e.g. for storing a checkpoint. */
  static byte[] toBytes(Message message) throws IOException {
    boolean compat = ProstCompat.needed(message);
    byte[] body = new byte[compat ? ProstCompat.size(message) : message.getSerializedSize()];
    encode(message, compat, CodedOutputStream.newInstance(body));
    return body;
  }

  private static void encode(Message message, boolean compat, CodedOutputStream cos)
      throws IOException {
    cos.useDeterministicSerialization();
    if (compat) {
      ProstCompat.encode(message, cos);
    } else {
      message.writeTo(cos);
    }
    cos.checkNoSpaceLeft();
  }
}
