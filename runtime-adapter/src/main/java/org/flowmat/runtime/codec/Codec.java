package org.flowmat.runtime.codec;

import com.google.protobuf.Message;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The two encodings of Flow's connector protocol on stdin and stdout.
 *
 * <ul>
 *   <li>{@link #PROTO}: frames of a 4-byte little-endian unsigned length followed by that many
 *       bytes of protobuf message (the default).
 *   <li>{@link #JSON}: one compact JSON object per line in Flow's pbjson dialect, terminated by
 *       {@code '\n'} (see {@link PbJson}).
 * </ul>
 */
public enum Codec {
  PROTO,
  JSON;

  /** Environment variable through which Flow selects the codec. */
  public static final String ENV_VAR = "FLOW_RUNTIME_CODEC";

  /**
   * Largest message either codec accepts or writes: 256 MiB. Flow documents are at most about 16
   * MB, so this only guards against garbage lengths.
   */
  public static final int MAX_MESSAGE_BYTES = 256 << 20;

  /**
   * Flow's rule: {@code FLOW_RUNTIME_CODEC=json} selects JSON lines, anything else (or unset)
   * protobuf. The comparison is exact, as in Flow's connector-init and Go boilerplate.
   */
  public static Codec fromEnvironment(Map<String, String> env) {
    if (env != null && "json".equals(env.get(ENV_VAR))) {
      return JSON;
    }
    return PROTO;
  }

  /**
   * A reader of messages of {@code defaultInstance}'s type from {@code in}. The reader buffers
   * {@code in} itself; closing it closes {@code in}.
   */
  public <T extends Message> MessageReader<T> reader(InputStream in, T defaultInstance) {
    return switch (this) {
      case PROTO -> new ProtoFrameReader<>(in, defaultInstance);
      case JSON -> new JsonLineReader<>(in, defaultInstance);
    };
  }

  /**
   * A writer of messages to {@code out}. Each message is encoded into a reused buffer, written
   * with one {@code out.write} call and flushed.
   */
  public <T extends Message> MessageWriter<T> writer(OutputStream out) {
    return switch (this) {
      case PROTO -> new ProtoFrameWriter<>(out);
      case JSON -> new JsonLineWriter<>(out);
    };
  }
}
