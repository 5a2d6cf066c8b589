package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.ApplyResult;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.connector.OpenRequest;
import org.flowmat.core.connector.Opened;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.connector.Transactor;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.codec.MessageReader;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.session.Session;
import org.flowmat.runtime.session.ValidatedForm;

/**
 * A test connector whose tables survive kills: they live in one JSON file ({@code config.path}), and it follows the
 * recovery-log pattern of the exactly-once design. Store stages in memory; StartedCommit returns the plan (every
 * staged row, and plan id {@code P}) as a merge patch, so Flow's log holds it; Acknowledge applies the pending plan
 * to the file unless the file's marker for this shard's range says {@code P} is already applied, writes the file
 * atomically (temp file, rename), and clears the plan with Acknowledged's patch.
 *
 * <p>File: {@code {"markers": {"<begin>-<end>": P}, "tables": {stateKey: {keyHex: doc}}, "deltas": {stateKey: [doc]}}}.
 */
public final class FileTablesConnector implements MaterializationConnector {
  static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public ConnectorSpec spec() {
    ObjectNode config = JSON.createObjectNode().put("type", "object");
    config.putObject("properties").putObject("path").put("type", "string");
    ObjectNode resource = JSON.createObjectNode().put("type", "object");
    resource.putObject("properties").putObject("table").put("type", "string").put("x-collection-name", true);
    return new ConnectorSpec(config, resource, "");
  }

  @Override
  public List<ValidatedBinding> validate(ValidateRequest request) {
    throw new UnsupportedOperationException("the file-tables test connector only runs sessions");
  }

  @Override
  public ApplyResult apply(ApplyRequest request) {
    return ApplyResult.of("file tables need no DDL");
  }

  @Override
  public Opened open(OpenRequest request) {
    Path file = Path.of(request.materialization().config().path("path").asText());
    List<MaterializationBinding> bindings = request.materialization().bindings();
    String range = String.format("%08x-%08x", request.range().keyBegin(), request.range().keyEnd());
    JsonNode state = request.state() == null ? JSON.createObjectNode() : request.state();
    return new Opened(new Tx(file, bindings, range, state.path("lastPlan").asLong(0), state.get("pending")), false);
  }

  /** The file's content as a tree (empty tables when it does not exist yet). */
  static ObjectNode read(Path file) {
    try {
      if (!Files.exists(file)) {
        ObjectNode empty = JSON.createObjectNode();
        empty.putObject("markers");
        empty.putObject("tables");
        empty.putObject("deltas");
        return empty;
      }
      return (ObjectNode) JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Table {@code stateKey} of the file, by packed key. */
  static Map<PackedTuple, JsonNode> table(Path file, String stateKey) {
    Map<PackedTuple, JsonNode> out = new java.util.HashMap<>();
    read(file).path("tables").path(stateKey).fields()
        .forEachRemaining(e -> out.put(PackedTuple.of(HexFormat.of().parseHex(e.getKey())), e.getValue()));
    return out;
  }

  private static final class Tx implements Transactor {
    private final Path file;
    private final List<MaterializationBinding> bindings;
    private final String range;
    private final List<Map.Entry<Integer, PackedTuple>> loads = new ArrayList<>();
    private final List<StoreRequest> staged = new ArrayList<>();
    private long lastPlan;
    private JsonNode pending;

    Tx(Path file, List<MaterializationBinding> bindings, String range, long lastPlan, JsonNode pending) {
      this.file = file;
      this.bindings = bindings;
      this.range = range;
      this.lastPlan = lastPlan;
      this.pending = pending == null || pending.isNull() ? null : pending;
    }

    @Override
    public void load(int binding, PackedTuple key) {
      loads.add(Map.entry(binding, key));
    }

    @Override
    public Optional<ConnectorState> flush(LoadedSink sink) throws Exception {
      ObjectNode tables = (ObjectNode) read(file).path("tables");
      for (Map.Entry<Integer, PackedTuple> load : loads) {
        JsonNode doc = tables.path(bindings.get(load.getKey()).stateKey()).get(HexFormat.of().formatHex(load.getValue().bytes()));
        if (doc != null) {
          sink.loaded(load.getKey(), RawJson.of(doc.toString()));
        }
      }
      loads.clear();
      return Optional.empty();
    }

    @Override
    public void store(StoreRequest request) {
      staged.add(request);
    }

    @Override
    public Optional<ConnectorState> startCommit(byte[] runtimeCheckpoint) throws IOException {
      long p = lastPlan + 1;
      ObjectNode plan = JSON.createObjectNode().put("id", p);
      ArrayNode rows = plan.putArray("rows");
      for (StoreRequest s : staged) {
        MaterializationBinding b = bindings.get(s.binding());
        ObjectNode row = rows.addObject().put("table", b.stateKey()).put("key", HexFormat.of().formatHex(s.key().bytes()));
        row.put("delta", b.deltaUpdates());
        if (s.delete()) {
          row.putNull("doc");
        } else {
          row.set("doc", JSON.readTree(s.doc().orElseThrow().bytes()));
        }
      }
      staged.clear();
      lastPlan = p;
      pending = plan;
      ObjectNode patch = JSON.createObjectNode().put("lastPlan", p);
      patch.set("pending", plan);
      return Optional.of(ConnectorState.mergePatch(patch));
    }

    @Override
    public CompletionStage<Optional<ConnectorState>> acknowledge() throws IOException {
      if (pending == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      applyIdempotently(pending);
      pending = null;
      ObjectNode clear = JSON.createObjectNode().putNull("pending");
      return CompletableFuture.completedFuture(Optional.of(ConnectorState.mergePatch(clear)));
    }

    private void applyIdempotently(JsonNode plan) throws IOException {
      ObjectNode content = read(file);
      long id = plan.path("id").asLong();
      ObjectNode markers = (ObjectNode) content.path("markers");
      if (markers.path(range).asLong(0) >= id) {
        return; // applied before the crash that lost Acknowledged
      }
      ObjectNode tables = (ObjectNode) content.path("tables");
      ObjectNode deltas = (ObjectNode) content.path("deltas");
      for (JsonNode row : plan.path("rows")) {
        String table = row.path("table").asText();
        if (row.path("delta").asBoolean()) {
          ArrayNode list = deltas.has(table) ? (ArrayNode) deltas.get(table) : deltas.putArray(table);
          list.add(row.get("doc"));
          continue;
        }
        ObjectNode t = tables.has(table) ? (ObjectNode) tables.get(table) : tables.putObject(table);
        if (row.get("doc").isNull()) {
          t.remove(row.path("key").asText());
        } else {
          t.set(row.path("key").asText(), row.get("doc"));
        }
      }
      markers.put(range, id);
      Path tmp = file.resolveSibling(file.getFileName() + "." + range + ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(content));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Serves one protocol stream over {@code in}/{@code out}, as the launcher would; returns the exit code. */
  static int serve(Codec codec, InputStream in, OutputStream out) {
    try (MaterializationConnector conn = new FileTablesConnector();
        MessageReader<Request> reader = codec.reader(new BufferedInputStream(in), Request.getDefaultInstance())) {
      Session session = new Session(conn, codec.writer(out), ValidatedForm.CURRENT);
      Thread pump =
          new Thread(
              () -> {
                try {
                  for (Request r; (r = reader.read()) != null; ) {
                    session.accept(r);
                  }
                  session.end();
                } catch (Throwable t) {
                  session.fail(t);
                }
              },
              "file-tables-stdin");
      pump.setDaemon(true);
      pump.start();
      session.run();
      return 0;
    } catch (Exception e) {
      System.err.println("file-tables connector failed: " + e);
      return 1;
    }
  }

  /** An in-process factory of this connector. */
  static ConnectorChannel.Factory inProcess(Codec codec) {
    return InProcessChannel.factory(codec, "file-tables", (in, out) -> serve(codec, in, out));
  }

  /** A child-process factory of this connector ({@link Main} on the test class path). */
  static ConnectorChannel.Factory process(Codec codec) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xshare:auto");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    return ProcessChannel.factory(command, Map.of("LOG_LEVEL", "warn"), codec, Path.of("."));
  }

  /** The child-process entry point. */
  public static final class Main {
    public static void main(String[] args) {
      OutputStream protocolOut = new java.io.FileOutputStream(java.io.FileDescriptor.out);
      System.setOut(System.err);
      System.exit(serve(Codec.fromEnvironment(System.getenv()), System.in, protocolOut));
    }
  }
}
