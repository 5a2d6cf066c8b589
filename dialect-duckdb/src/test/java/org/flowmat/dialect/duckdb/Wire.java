package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * Requests of the one-binding {@code orders} materialization of {@code sessions/session.requests.jsonl}, sent one by
 * one to bin/materialize-duckdb as a child process, for tests that act between messages (fill a disk, send SIGTERM,
 * start a second process).
 */
final class Wire {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  final Flow.MaterializationSpec spec;

  private Wire(Flow.MaterializationSpec spec) {
    this.spec = spec;
  }

  /** The orders materialization with {@code config} as its endpoint config. */
  static Wire of(ObjectNode config) throws Exception {
    Request open = DuckDbSessionIT.requests("session", Path.of("unused.duckdb")).get(1);
    return new Wire(open.getOpen().getMaterialization().toBuilder()
        .setConfigJson(ByteString.copyFromUtf8(config.toString())).build());
  }

  static ObjectNode config(Path database) {
    return JSON.createObjectNode().put("database", database.toString()).put("hardDelete", true);
  }

  static Path root() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.exists(d.resolve("bin").resolve("connector"))) {
      d = d.getParent();
    }
    assertThat(d).as("repository root above the working directory").isNotNull();
    return d;
  }

  static ProcessChannel start(Map<String, String> env) throws Exception {
    Path root = root();
    return ProcessChannel.start(List.of(root.resolve("bin/materialize-duckdb").toString()), env, Codec.PROTO, root, null);
  }

  static ProcessChannel start() throws Exception {
    return start(Map.of("LOG_LEVEL", "info"));
  }

  Request spec() {
    return Request.newBuilder().setSpec(Request.Spec.newBuilder()
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE).setConfigJson(ByteString.copyFromUtf8("{}"))).build();
  }

  Request validate() {
    Request.Validate.Builder v = Request.Validate.newBuilder().setName(spec.getName())
        .setConnectorType(spec.getConnectorType()).setConfigJson(spec.getConfigJson());
    for (Flow.MaterializationSpec.Binding b : spec.getBindingsList()) {
      v.addBindings(Request.Validate.Binding.newBuilder().setResourceConfigJson(b.getResourceConfigJson())
          .setCollection(b.getCollection()));
    }
    // A change to a running materialization: Flow sends the spec it runs as the last materialization.
    v.setLastMaterialization(spec);
    return Request.newBuilder().setValidate(v).build();
  }

  Request apply() {
    return Request.newBuilder().setApply(Request.Apply.newBuilder().setMaterialization(spec).setVersion("v1")).build();
  }

  /** Runs Apply through a connector process of its own, as a publication does, and returns this wire. */
  Wire applied() throws Exception {
    try (ProcessChannel apply = start()) {
      apply.send(spec());
      apply.send(apply());
      expect(apply, "spec", "applied");
      apply.closeInput();
      assertThat(apply.awaitExit(TIMEOUT)).as("stderr %s", apply.stderr()).isZero();
    }
    return this;
  }

  Request open(String state) {
    return Request.newBuilder().setOpen(Request.Open.newBuilder().setMaterialization(spec).setVersion("v1")
        .setRange(Flow.RangeSpec.newBuilder().setKeyEnd(0xffffffff).setRClockEnd(0xffffffff))
        .setStateJson(ByteString.copyFromUtf8(state))).build();
  }

  static Request ack() {
    return Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build();
  }

  static Request flush() {
    return Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build();
  }

  static Request commit() {
    return Request.newBuilder().setStartCommit(Request.StartCommit.getDefaultInstance()).build();
  }

  /** An order {@code {"id":id,"total":total,"note":note}}; {@code note} pads a document to a chosen size. */
  static Request store(long id, double total, String note) {
    String doc = JSON.createObjectNode().put("id", id).put("total", total).put("note", note).toString();
    return Request.newBuilder().setStore(Request.Store.newBuilder().setBinding(0)
        .setKeyPacked(ByteString.copyFrom(PackedTuple.pack(TupleValue.Int.of(id)).bytes()))
        .setValuesPacked(ByteString.copyFrom(PackedTuple.pack(new TupleValue.Float64(total)).bytes()))
        .setDocJson(ByteString.copyFromUtf8(doc))).build();
  }

  /** Reads responses of the given kinds in order and returns the last. */
  static Response expect(ProcessChannel channel, String... kinds) throws Exception {
    Response last = null;
    for (String kind : kinds) {
      last = channel.receive(TIMEOUT);
      assertThat(last).as("response %s; stderr %s", kind, channel.stderr()).isNotNull();
      assertThat(last.getAllFields().keySet().iterator().next().getJsonName()).as("stderr %s", channel.stderr())
          .isEqualTo(kind);
    }
    return last;
  }

  /** Rows of {@code sql}, columns joined by {@code |}, reading {@code database} read-only (it may be on a full disk). */
  static List<String> rows(Path database, String sql) throws Exception {
    java.util.Properties readOnly = new java.util.Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    List<String> out = new java.util.ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + database, readOnly);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        List<String> columns = new java.util.ArrayList<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          columns.add(r.getString(i));
        }
        out.add(String.join("|", columns));
      }
    }
    return out;
  }

  /** The {@code msg} of the last stderr line: what Flow shows. */
  static String lastMessage(ProcessChannel channel) throws Exception {
    List<String> lines = channel.stderr();
    assertThat(lines).isNotEmpty();
    return JSON.readTree(lines.get(lines.size() - 1)).path("msg").asText();
  }
}
