package org.flowmat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.codec.MessageReader;
import org.flowmat.runtime.codec.MessageWriter;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.launch.ConnectorLauncher;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.session.Session;
import org.flowmat.runtime.session.ValidatedForm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of Store messages along the path Flow exercises in production: the bytes of one session's stream in a
 * codec, read by {@link Codec#reader} on a reader thread that feeds a {@link Session} through its
 * {@link org.flowmat.runtime.session.RequestSink} (exactly as {@code ConnectorLauncher} pumps stdin), the session's
 * state machine on the benchmark thread, and a no-op {@link Transactor} that decodes each Store's key tuple into a
 * {@link Blackhole}. Responses are encoded by the codec's writer into a discarding stream.
 *
 * <p>One invocation is one whole session: Spec, Open (one binding), Acknowledge, Flush, {@value #STORES} Stores of
 * ~1 KiB documents, StartCommit, Acknowledge. Scores are per Store message ({@link OperationsPerInvocation}); the
 * six framing messages are counted in the cost but not as operations.
 *
 * <p>{@link #decodeOnly} is the baseline: the same bytes through the same codec reader, each message into a
 * Blackhole, with no session, so the session's overhead can be given as a ratio measured in the same run.
 *
 * <p>Run with {@code bin/bench StoreDispatchBenchmark}; figures are in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
// As bin/connector runs a connector: serial GC. Quiet logs: Session logs "Running" at INFO once per session, and in
// production a session lasts for many transactions, not one.
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms1g", "-Xmx1g", "-DLOG_LEVEL=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class StoreDispatchBenchmark {
  /** Store messages per session (per invocation). */
  public static final int STORES = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TENANTS = {"acmeCo", "globex", "initech", "umbrella-corp", "stark_industries"};
  private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "refunded", "cancelled"};
  private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY", "CHF"};
  private static final String[] CITIES = {
    "Zürich", "São Paulo", "Kraków", "New York", "東京", "Reykjavík", "Montréal", "Łódź", "Lagos", "Portland"
  };
  private static final String[] WORDS = {
    "deliver", "after", "5pm", "fragile", "gift-wrap", "please", "ring", "twice", "\"back door\"", "contactless",
    "ça", "marche", "naïve", "café", "leave", "with", "neighbour", "😀", "tab\there", "line\nbreak", "C:\\path",
    "100%", "<b>bold</b>", "über"
  };

  @Param({"PROTO", "JSON"})
  public Codec codec;

  /** The encoded session stream. */
  private byte[] stream;

  private ExecutorService readerThread;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    List<Request> requests = session(new Random(20240611L));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(STORES * 1600);
    MessageWriter<Request> writer = codec.writer(bytes);
    for (Request r : requests) {
      writer.write(r);
    }
    stream = bytes.toByteArray();
    readerThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "stdin-reader");
              t.setDaemon(true);
              return t;
            });
    verify(requests);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    readerThread.shutdownNow();
  }

  /** The production path: codec reader on the reader thread, session state machine on this one. */
  @Benchmark
  @OperationsPerInvocation(STORES)
  public long session(Blackhole bh) throws Exception {
    return runSession(new NoopConnector(bh), DISCARD);
  }

  /** Baseline: decode the same bytes with the same reader, no session. */
  @Benchmark
  @OperationsPerInvocation(STORES)
  public int decodeOnly(Blackhole bh) throws IOException {
    try (MessageReader<Request> reader = reader()) {
      int n = 0;
      Request r;
      while ((r = reader.read()) != null) {
        bh.consume(r);
        n++;
      }
      return n;
    }
  }

  private long runSession(NoopConnector connector, OutputStream out) throws Exception {
    MessageReader<Request> reader = reader();
    Session session = new Session(connector, codec.writer(out), ValidatedForm.CURRENT);
    Future<?> pump = readerThread.submit(() -> ConnectorLauncher.pump(reader, session));
    try {
      session.run();
      pump.get();
    } finally {
      pump.cancel(true); // only matters if run() threw while the reader blocks on a full queue
    }
    return session.transactions();
  }

  /** As ConnectorLauncher wraps stdin. */
  private MessageReader<Request> reader() {
    InputStream in = new BufferedInputStream(new ByteArrayInputStream(stream), 1 << 16);
    return codec.reader(in, Request.getDefaultInstance());
  }

  /** One run before measuring: the stream decodes to what was encoded, and the session stores every document. */
  private void verify(List<Request> requests) throws Exception {
    try (MessageReader<Request> reader = reader()) {
      for (Request expected : requests) {
        if (!expected.equals(reader.read())) {
          throw new IllegalStateException(codec + " stream does not decode to the requests encoded");
        }
      }
      if (reader.read() != null) {
        throw new IllegalStateException(codec + " stream holds more than the requests encoded");
      }
    }
    Blackhole bh =
        new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    NoopConnector connector = new NoopConnector(bh);
    ByteArrayOutputStream responses = new ByteArrayOutputStream();
    long transactions = runSession(connector, responses);
    if (transactions != 1 || connector.stores != STORES || responses.size() == 0) {
      throw new IllegalStateException(
          "session ran " + transactions + " transaction(s) and " + connector.stores + " store(s)");
    }
    System.out.printf(
        "%n%s session stream: %d bytes, %d Stores (%.0f bytes per Store frame)%n",
        codec, stream.length, STORES, (double) stream.length / STORES);
  }

  // ---- the session's requests ----

  static List<Request> session(Random rnd) throws IOException {
    List<Request> out = new ArrayList<>(STORES + 6);
    out.add(
        Request.newBuilder()
            .setSpec(
                Request.Spec.newBuilder()
                    .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
                    .setConfigJson(ByteString.copyFromUtf8("{}")))
            .build());
    out.add(Request.newBuilder().setOpen(open()).build());
    out.add(Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build());
    out.add(Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build());
    long id = 1_000_000L + rnd.nextInt(1000);
    for (int i = 0; i < STORES; i++) {
      id += 1 + rnd.nextInt(7);
      out.add(Request.newBuilder().setStore(store(rnd, id)).build());
    }
    out.add(
        Request.newBuilder()
            .setStartCommit(
                Request.StartCommit.newBuilder()
                    .setRuntimeCheckpoint(
                        Consumer.Checkpoint.newBuilder()
                            .putSources(
                                "acmeCo/orders/pivot=00;materialize/acmeCo/mat/orders.v0",
                                Consumer.Checkpoint.Source.newBuilder().setReadThrough(987_654_321L).build())))
            .build());
    out.add(Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance()).build());
    return out;
  }

  /** Field selection: keys tenant, id; values status, total, currency, created_at, email, item_count, gift, priority. */
  private static final String[][] FIELDS = {
    // field, ptr, type, key?
    {"tenant", "/tenant", "string", "key"},
    {"id", "/id", "integer", "key"},
    {"status", "/status", "string", ""},
    {"total", "/total", "number", ""},
    {"currency", "/currency", "string", ""},
    {"created_at", "/created_at", "string", ""},
    {"email", "/customer/email", "string", ""},
    {"item_count", "/item_count", "integer", ""},
    {"gift", "/flags/gift", "boolean", ""},
    {"priority", "/flags/priority", "integer", ""},
  };

  private static Request.Open open() {
    Flow.CollectionSpec.Builder collection =
        Flow.CollectionSpec.newBuilder()
            .setName("acmeCo/orders")
            .addKey("/tenant")
            .addKey("/id")
            .setUuidPtr("/_meta/uuid")
            .addProjections(
                Flow.Projection.newBuilder()
                    .setField("flow_document")
                    .setInference(
                        Flow.Inference.newBuilder().addTypes("object").setExists(Flow.Inference.Exists.MUST)));
    Flow.FieldSelection.Builder selection = Flow.FieldSelection.newBuilder().setDocument("flow_document");
    for (String[] f : FIELDS) {
      boolean key = f[3].equals("key");
      Flow.Inference.Builder inference =
          Flow.Inference.newBuilder()
              .addTypes(f[2])
              .setExists(key ? Flow.Inference.Exists.MUST : Flow.Inference.Exists.MAY);
      if (!key && !f[2].equals("boolean")) {
        inference.addTypes("null");
      }
      if (f[0].equals("created_at")) {
        inference.setString(Flow.Inference.String.newBuilder().setFormat("date-time"));
      }
      collection.addProjections(
          Flow.Projection.newBuilder().setPtr(f[1]).setField(f[0]).setIsPrimaryKey(key).setInference(inference));
      if (key) {
        selection.addKeys(f[0]);
      } else {
        selection.addValues(f[0]);
      }
    }
    return Request.Open.newBuilder()
        .setMaterialization(
            Flow.MaterializationSpec.newBuilder()
                .setName("acmeCo/mat")
                .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
                .setConfigJson(ByteString.copyFromUtf8("{\"password\":\"hunter2-secret\",\"schema\":\"public\"}"))
                .addBindings(
                    Flow.MaterializationSpec.Binding.newBuilder()
                        .setResourceConfigJson(ByteString.copyFromUtf8("{\"table\":\"orders\"}"))
                        .addResourcePath("orders")
                        .setCollection(collection)
                        .setFieldSelection(selection)
                        .setJournalReadSuffix("materialize/acmeCo/mat/orders.v0")
                        .setStateKey("orders.v0")))
        .setVersion("v1")
        .setRange(Flow.RangeSpec.newBuilder().setKeyEnd(0xFFFFFFFF).setRClockEnd(0xFFFFFFFF))
        .setStateJson(ByteString.copyFromUtf8("{}"))
        .build();
  }

  /** One Store of a ~1 KiB order document, its key and values packed as Flow packs them. */
  private static Request.Store store(Random rnd, long id) throws IOException {
    String tenant = TENANTS[rnd.nextInt(TENANTS.length)];
    String status = STATUSES[rnd.nextInt(STATUSES.length)];
    String currency = CURRENCIES[rnd.nextInt(CURRENCIES.length)];
    Instant created = Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(30_000_000), rnd.nextInt(1000) * 1_000_000L);
    String name = word(rnd, 5, 9) + " " + word(rnd, 6, 12);
    String email = name.replace(' ', '.').toLowerCase() + "@" + tenant.replace('_', '-') + ".example.com";
    boolean gift = rnd.nextInt(5) == 0;
    Long priority = rnd.nextInt(3) == 0 ? null : (long) rnd.nextInt(10);

    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode();
    ObjectNode meta = doc.putObject("_meta");
    meta.put("uuid", new UUID(rnd.nextLong(), rnd.nextLong()).toString());
    meta.put("op", rnd.nextInt(4) == 0 ? "u" : "c");
    meta.put("source", "postgres://db-" + rnd.nextInt(4) + "/shop/orders");
    doc.put("tenant", tenant);
    doc.put("id", id);
    doc.put("status", status);
    doc.put("created_at", created.toString());
    doc.put("updated_at", created.plusSeconds(rnd.nextInt(86_400)).toString());
    ObjectNode customer = doc.putObject("customer");
    customer.put("id", rnd.nextInt(5_000_000));
    customer.put("name", name);
    customer.put("email", email);
    ObjectNode address = customer.putObject("address");
    address.put("street", (1 + rnd.nextInt(999)) + " " + word(rnd, 5, 10) + " St.");
    address.put("city", CITIES[rnd.nextInt(CITIES.length)]);
    address.put("postal", String.format("%05d", rnd.nextInt(100_000)));
    address.put("lat", Math.round((rnd.nextDouble() * 180 - 90) * 1e6) / 1e6);
    address.put("lon", Math.round((rnd.nextDouble() * 360 - 180) * 1e6) / 1e6);
    ArrayNode items = doc.putArray("items");
    int itemCount = 1 + rnd.nextInt(4);
    double total = 0;
    for (int i = 0; i < itemCount; i++) {
      ObjectNode item = items.addObject();
      double price = (100 + rnd.nextInt(99_900)) / 100.0;
      int qty = 1 + rnd.nextInt(3);
      item.put("sku", "SKU-" + Integer.toString(rnd.nextInt(1 << 24), 36).toUpperCase());
      item.put("qty", qty);
      item.put("price", price);
      item.put("discounted", rnd.nextBoolean());
      total += price * qty;
    }
    total = Math.round(total * 100) / 100.0;
    doc.put("item_count", itemCount);
    doc.put("total", total);
    doc.put("currency", currency);
    ArrayNode tags = doc.putArray("tags");
    for (int i = rnd.nextInt(4); i > 0; i--) {
      tags.add(word(rnd, 3, 8));
    }
    ObjectNode flags = doc.putObject("flags");
    flags.put("gift", gift);
    if (priority == null) {
      flags.putNull("priority");
    } else {
      flags.put("priority", priority);
    }
    // Free text pads the document to 0.9 .. 1.15 KiB, with escapes and multi-byte characters.
    int target = 920 + rnd.nextInt(260);
    StringBuilder notes = new StringBuilder();
    doc.put("notes", "");
    int base = JSON.writeValueAsBytes(doc).length;
    while (base + notes.length() < target) {
      notes.append(notes.length() == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
    }
    doc.put("notes", notes.toString());
    byte[] docJson = JSON.writeValueAsBytes(doc);

    PackedTuple key = PackedTuple.pack(new TupleValue.Str(tenant), TupleValue.Int.of(id));
    PackedTuple values =
        PackedTuple.pack(
            new TupleValue.Str(status),
            new TupleValue.Float64(total),
            new TupleValue.Str(currency),
            new TupleValue.Str(created.toString()),
            new TupleValue.Str(email),
            TupleValue.Int.of(itemCount),
            TupleValue.Bool.of(gift),
            priority == null ? TupleValue.Null.INSTANCE : TupleValue.Int.of(priority));
    return Request.Store.newBuilder()
        .setBinding(0)
        .setKeyPacked(ByteString.copyFrom(key.bytes()))
        .setValuesPacked(ByteString.copyFrom(values.bytes()))
        .setDocJson(ByteString.copyFrom(docJson))
        .setExists(rnd.nextInt(10) < 3)
        .setDelete(rnd.nextInt(50) == 0)
        .build();
  }

  private static String word(Random rnd, int min, int max) {
    int n = min + rnd.nextInt(max - min + 1);
    StringBuilder s = new StringBuilder(n);
    s.append((char) ('A' + rnd.nextInt(26)));
    for (int i = 1; i < n; i++) {
      s.append((char) ('a' + rnd.nextInt(26)));
    }
    return s.toString();
  }

  // ---- the connector ----

  private static final OutputStream DISCARD = OutputStream.nullOutputStream();

  private static final ConnectorSpec SPEC;

  static {
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("type", "object");
    config.putObject("properties").putObject("password").put("type", "string").put("secret", true);
    ObjectNode resource = JsonNodeFactory.instance.objectNode().put("type", "object");
    resource.putObject("properties").putObject("table").put("type", "string").put("x-collection-name", true);
    SPEC = new ConnectorSpec(config, resource, "https://example.com/docs");
  }

  /** Opens a transactor that does nothing but decode each Store's key into the Blackhole. */
  static final class NoopConnector implements MaterializationConnector {
    private final Blackhole bh;
    long stores;

    NoopConnector(Blackhole bh) {
      this.bh = bh;
    }

    @Override
    public ConnectorSpec spec() {
      return SPEC;
    }

    @Override
    public List<ValidatedBinding> validate(ValidateRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult apply(ApplyRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Opened open(OpenRequest request) {
      return new Opened(new NoopTransactor(), false);
    }

    private final class NoopTransactor implements Transactor {
      private final CompletionStage<Optional<ConnectorState>> acknowledged =
          CompletableFuture.completedFuture(Optional.empty());

      @Override
      public void load(int binding, PackedTuple key) {
        bh.consume(key);
      }

      @Override
      public Optional<ConnectorState> flush(LoadedSink sink) {
        return Optional.empty();
      }

      @Override
      public void store(StoreRequest request) {
        bh.consume(request.key().decode());
        bh.consume(request.values());
        bh.consume(request.doc());
        stores++;
      }

      @Override
      public Optional<ConnectorState> startCommit(byte[] runtimeCheckpoint) {
        bh.consume(runtimeCheckpoint);
        return Optional.empty();
      }

      @Override
      public CompletionStage<Optional<ConnectorState>> acknowledge() {
        return acknowledged;
      }
    }
  }
}
