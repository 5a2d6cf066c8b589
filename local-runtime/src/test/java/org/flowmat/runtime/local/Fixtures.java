package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;

/**
 * A three-binding materialization and a three-transaction workload with inserts, updates (within and across
 * transactions), deletes and a re-insert:
 *
 * <ul>
 *   <li>binding 0 {@code acmeCo/orders}: key {@code /id}, last write wins, values of every JSON type;
 *   <li>binding 1 {@code acmeCo/profiles}: composite key {@code /user, /region}, reduced by deep merge;
 *   <li>binding 2 {@code acmeCo/events}: delta updates.
 * </ul>
 */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ORDERS = "acmeCo/orders";
  static final String PROFILES = "acmeCo/profiles";
  static final String EVENTS = "acmeCo/events";

  private Fixtures() {}

  static final String ORDERS_COLLECTION =
      """
      {"name":"acmeCo/orders","key":["/id"],"uuidPtr":"/_meta/uuid","projections":[
        {"ptr":"/_meta/op","field":"_meta/op","inference":{"types":["string"],"string":{},"exists":"MUST"}},
        {"ptr":"/customer","field":"customer","inference":{"types":["object"],"exists":"MAY"}},
        {"ptr":"","field":"flow_document","inference":{"types":["object"],"exists":"MUST"}},
        {"ptr":"/_meta/uuid","field":"flow_published_at","inference":{"types":["string"],"string":{"format":"date-time"},"exists":"MUST"}},
        {"ptr":"/id","field":"id","isPrimaryKey":true,"inference":{"types":["integer"],"exists":"MUST"}},
        {"ptr":"/status","field":"status","inference":{"types":["string"],"string":{},"default":"new","exists":"MAY"}},
        {"ptr":"/tags","field":"tags","inference":{"types":["array"],"exists":"MAY"}},
        {"ptr":"/total","field":"total","inference":{"types":["null","number"],"exists":"MAY"}}]}""";

  static final String PROFILES_COLLECTION =
      """
      {"name":"acmeCo/profiles","key":["/user","/region"],"uuidPtr":"/_meta/uuid","projections":[
        {"ptr":"","field":"flow_document","inference":{"types":["object"],"exists":"MUST"}},
        {"ptr":"/name","field":"name","inference":{"types":["string"],"string":{},"exists":"MAY"}},
        {"ptr":"/prefs","field":"prefs","inference":{"types":["object"],"exists":"MAY"}},
        {"ptr":"/region","field":"region","isPrimaryKey":true,"inference":{"types":["integer"],"exists":"MUST"}},
        {"ptr":"/user","field":"user","isPrimaryKey":true,"inference":{"types":["string"],"string":{},"exists":"MUST"}}]}""";

  static final String EVENTS_COLLECTION =
      """
      {"name":"acmeCo/events","key":["/id"],"uuidPtr":"/_meta/uuid","projections":[
        {"ptr":"","field":"flow_document","inference":{"types":["object"],"exists":"MUST"}},
        {"ptr":"/id","field":"id","isPrimaryKey":true,"inference":{"types":["integer"],"exists":"MUST"}},
        {"ptr":"/what","field":"what","inference":{"types":["string"],"string":{},"exists":"MAY"}}]}""";

  /** The materialization, with {@code config} as its endpoint config. */
  static Flow.MaterializationSpec materialization(String config) {
    String json =
        "{\"apply\":{\"version\":\"v1\",\"materialization\":{\"name\":\"acmeCo/local\",\"connectorType\":\"IMAGE\","
            + "\"config\":" + config + ",\"bindings\":["
            + binding("orders", ORDERS_COLLECTION, "[\"id\"]",
                "[\"_meta/op\",\"customer\",\"flow_published_at\",\"status\",\"tags\",\"total\"]", false) + ","
            + binding("profiles", PROFILES_COLLECTION, "[\"user\",\"region\"]", "[\"name\",\"prefs\"]", false) + ","
            + binding("events", EVENTS_COLLECTION, "[\"id\"]", "[\"what\"]", true)
            + "]}}}";
    return request(json).getApply().getMaterialization();
  }

  private static String binding(String table, String collection, String keys, String values, boolean delta) {
    return "{\"resourceConfig\":{\"table\":\"" + table + "\"},\"resourcePath\":[\"" + table + "\"],"
        + "\"collection\":" + collection + ",\"fieldSelection\":{\"keys\":" + keys + ",\"values\":" + values
        + ",\"document\":\"flow_document\"},\"deltaUpdates\":" + delta
        + ",\"journalReadSuffix\":\"materialize/acmeCo/local/" + table + ".v0\",\"stateKey\":\"" + table + ".v0\"}";
  }

  static Request request(String jsonLine) {
    try {
      return Codec.JSON
          .reader(new ByteArrayInputStream((jsonLine.replace("\n", "") + "\n").getBytes(StandardCharsets.UTF_8)),
              Request.getDefaultInstance())
          .read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A runtime builder for the fixture materialization with its reductions set. */
  static LocalRuntime.Builder runtime(String config, ConnectorChannel.Factory connector) {
    return LocalRuntime.builder(materialization(config), connector)
        .reduction(PROFILES, Reducer.Reduction.MERGE)
        .responseTimeout(java.time.Duration.ofSeconds(60));
  }

  /** Endpoint config of the file-tables connector writing {@code file}. */
  static String fileConfig(Path file) {
    return JSON.createObjectNode().put("path", file.toString()).toString();
  }

  /**
   * A v1 UUID as Gazette builds it: {@code ticks} 100 ns intervals since the Unix epoch, a 4-bit sub-tick counter,
   * producer {@code 01:02:03:04:05:06}, flags 0.
   */
  static String uuid(long unixTicks, int counter) {
    long t = unixTicks + 122_192_928_000_000_000L;
    long msb = (t & 0xFFFF_FFFFL) << 32 | ((t >>> 32) & 0xFFFF) << 16 | 0x1000 | ((t >>> 48) & 0x0FFF);
    long clockSeq = 0x8000 | (counter & 0xF) << 10;
    long lsb = clockSeq << 48 | 0x0102_0304_0506L;
    return new UUID(msb, lsb).toString();
  }

  static final long BASE_TICKS = 1_704_164_645L * 10_000_000L; // 2024-01-02T03:04:05Z
  private static long clock = BASE_TICKS;

  static ObjectNode doc(String json) {
    try {
      ObjectNode doc = (ObjectNode) JSON.readTree(json);
      ObjectNode meta = doc.has("_meta") ? (ObjectNode) doc.get("_meta") : doc.putObject("_meta");
      clock += 10; // one microsecond apart
      meta.put("uuid", uuid(clock, 0));
      if (!meta.has("op")) {
        meta.put("op", "u");
      }
      return doc;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode delete(String json) {
    ObjectNode d = doc(json);
    ((ObjectNode) d.get("_meta")).put("op", "d");
    return d;
  }

  /** The workload: three transactions. */
  static synchronized List<Transaction> workload() {
    clock = BASE_TICKS; // the same documents, UUIDs included, on every call
    List<Transaction> out = new ArrayList<>();
    out.add(
        Transaction.builder()
            .add(0, doc("{\"id\":1,\"total\":10.5,\"customer\":{\"name\":\"ann\",\"tier\":2}}"))
            .add(0, doc("{\"id\":2,\"total\":3,\"tags\":[\"a\",\"b\"],\"status\":\"open\"}"))
            .add(0, doc("{\"id\":1,\"total\":11.25,\"customer\":{\"name\":\"ann\"}}"))
            .add(1, doc("{\"user\":\"u1\",\"region\":1,\"name\":\"A\",\"prefs\":{\"x\":1}}"))
            .add(2, doc("{\"id\":1,\"what\":\"created\"}"))
            .build());
    out.add(
        Transaction.builder()
            .add(0, doc("{\"id\":2,\"total\":4,\"tags\":[\"a\"],\"status\":\"open\"}"))
            .add(0, doc("{\"id\":3,\"total\":null}"))
            .add(1, doc("{\"user\":\"u1\",\"region\":1,\"prefs\":{\"y\":2}}"))
            .add(1, doc("{\"user\":\"u2\",\"region\":2,\"name\":\"B\"}"))
            .add(0, delete("{\"id\":1}"))
            .add(2, doc("{\"id\":2,\"what\":\"paid\"}"))
            .build());
    out.add(
        Transaction.builder()
            .add(0, doc("{\"id\":1,\"total\":99,\"customer\":{\"name\":\"bob\"}}"))
            .add(0, delete("{\"id\":3}"))
            .add(1, doc("{\"user\":\"u2\",\"region\":2,\"name\":\"B2\",\"prefs\":{\"z\":[1,2]}}"))
            .add(2, doc("{\"id\":1,\"what\":\"created again\"}"))
            .add(2, doc("{\"id\":1,\"what\":\"shipped\"}"))
            .build());
    return out;
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
