package org.flowmat.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each event as one JSON line the way Flow's log decoder reads it: {@code ts} (RFC 3339), {@code level}
 * (lower case), {@code msg}, and {@code fields}. Secrets are masked in every string.
 */
public final class FlowLogEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("ts", event.getInstant().toString());
      g.writeStringField("level", event.getLevel().toString().toLowerCase(Locale.ROOT));
      g.writeStringField("msg", Secrets.redact(event.getFormattedMessage()));
      g.writeObjectFieldStart("fields");
      g.writeStringField("logger", event.getLoggerName());
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair kv : event.getKeyValuePairs()) {
          writeValue(g, kv.key, kv.value);
        }
      }
      for (Map.Entry<String, String> mdc : event.getMDCPropertyMap().entrySet()) {
        writeValue(g, mdc.getKey(), mdc.getValue());
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        g.writeStringField("error", Secrets.redact(thrown.getClassName() + ": " + thrown.getMessage()));
        g.writeStringField("stack", Secrets.redact(ThrowableProxyUtil.asString(thrown)));
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.write('\n');
    return buffer.toByteArray();
  }

  private static void writeValue(JsonGenerator g, String key, Object value) throws IOException {
    g.writeFieldName(key);
    writeValue(g, value);
  }

  /** Numbers and booleans as JSON, maps as objects (structured events, e.g. a transaction's stats), else strings. */
  private static void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Number n && !(n instanceof Double d && !Double.isFinite(d))) {
      g.writeNumber(n.toString());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeString(Secrets.redact(String.valueOf(value)));
    }
  }
}
