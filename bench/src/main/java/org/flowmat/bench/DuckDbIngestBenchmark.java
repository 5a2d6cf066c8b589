package org.flowmat.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.codec.MessageWriter;
import org.flowmat.runtime.launch.ConnectorLauncher;
import org.flowmat.runtime.local.InProcessChannel;
import org.flowmat.runtime.local.MergePatch;
import org.flowmat.runtime.proto.Consumer;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * Ingest throughput of the DuckDB connector against the fastest raw DuckDB bulk inserts of the same rows, in one
 * process and one run (figures and method in docs/benchmarks.md).
 *
 * <p>The documents: {@code --docs} orders of ~500 bytes, keyed by an integer {@code id}, with nine selected values
 * (double, strings, two timestamps, a date, boolean, integer) and the root document in a JSON column: ten typed
 * columns plus {@code flow_document}, in the table the connector's own Apply creates. Parts of one run, each on a
 * fresh DuckDB file in a fresh directory:
 *
 * <ol>
 *   <li><b>raw appender</b>: {@link DuckDBConnection#createAppender} into that table, typed values;
 *   <li><b>raw NDJSON + read_json</b>: the rows written as NDJSON to a file (timed), then one
 *       {@code INSERT INTO … SELECT … FROM read_json(file, columns = {…})};
 *   <li><b>connector insert-only</b>: the real connector in-process through {@link ConnectorLauncher#run} over the
 *       PROTO codec, on local-runtime's {@link InProcessChannel}: Spec, Open, Acknowledge, then per transaction of
 *       {@code --txn-docs} documents Flush, Stores (all keys new, {@code exists=false}), StartCommit, Acknowledge;
 *       the final Acknowledge's apply is timed too;
 *   <li><b>connector half-existing</b>: a second session over the same key space: each transaction Loads all its
 *       keys, half of which exist (updated documents, {@code exists=true}) and half are new, so MERGE applies it.
 * </ol>
 *
 * <p>Raw parts generate their rows inside the timed section (the generator's own cost is reported as "generate
 * only"). The connector's requests are encoded before timing into temporary files, never held in the heap, and are
 * fed to the connector by an {@link InputStream} that behaves like Flow's runtime: it waits for Spec, Opened,
 * Flushed and StartedCommit before sending what follows them, and sends the next transaction's Loads right after an
 * Acknowledge, without waiting for Acknowledged. Stores carry {@code key_packed}, {@code values_packed} (packed with
 * {@link PackedTuple#pack}) and {@code doc_json}, as Flow sends them; the connector state the connector returns is
 * reduced (merge patches) and passed to the next session's Open.
 *
 * <p>Per part: documents/s, heap peak (the sum of the heap pools' peak usage, reset before the part), the largest
 * heap in use right after any GC during the part, the peak resident set size of the process (VmHWM, reset through
 * {@code /proc/self/clear_refs}; it includes DuckDB's native memory), and GC count and time. A warm-up run of
 * {@code --warmup-docs} documents precedes {@code --runs} measured runs; the summary gives the median and min–max.
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx1g -cp 'bench/target/classes:bench/target/lib/*' org.flowmat.bench.DuckDbIngestBenchmark \
 *     [--docs 1000000] [--txn-docs 100000[,10000,...]] [--runs 3] [--warmup-docs 100000] [--dir /tmp]
 * </pre>
 *
 * <p>Before each part the harness waits (up to 15 minutes) until other processes use less than a fifth of a CPU
 * ({@code --no-quiet-wait} skips this), and every part reports the CPU it and everything else used. For experiments:
 * {@code --skip-raw} runs the connector parts only; {@code --connector-db-options 'k=v;...'} hands DuckDB settings to
 * the connector through its database path (DuckDB's JDBC URL options); a directory put before the jars on the class
 * path with {@code templates/duckdb/*.sql} in it replaces the connector's templates of those names.
 */
public final class DuckDbIngestBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final String TABLE = "orders";
  private static final String SCHEMA = "main";
  private static final String MATERIALIZATION = "acmeCo/bench/duckdb-ingest";

  /** The table's columns in the order the connector creates them: keys, values, document. */
  private static final List<String> COLUMNS = List.of(
      "id", "amount", "city", "created_at", "customer", "flow_published_at", "paid", "quantity", "ship_date", "status",
      "flow_document");

  public static void main(String[] args) throws Exception {
    if (System.getProperty("LOG_LEVEL") == null) {
      System.setProperty("LOG_LEVEL", "warn"); // the connector's per-session INFO lines are not what we measure
    }
    Options options = Options.parse(args);
    new DuckDbIngestBenchmark(options).run();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Options and the harness

  record Options(long docs, List<Long> txnDocs, int runs, long warmupDocs, Path dir, boolean skipRaw,
      boolean quietWait, String connectorDbOptions) {
    static Options parse(String[] args) {
      long docs = 1_000_000;
      List<Long> txn = List.of(100_000L);
      int runs = 3;
      Long warmup = null;
      Path dir = Path.of(System.getProperty("java.io.tmpdir"));
      boolean skipRaw = false;
      boolean quietWait = true;
      String connectorDbOptions = "";
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        if (a.equals("--skip-raw")) { // for profiling the connector alone
          skipRaw = true;
          continue;
        }
        if (a.equals("--no-quiet-wait")) {
          quietWait = false;
          continue;
        }
        switch (a) {
          case "--docs" -> docs = Long.parseLong(req(a, v));
          case "--txn-docs" -> txn = Arrays.stream(req(a, v).split(",")).map(String::trim).map(Long::parseLong).toList();
          case "--runs" -> runs = Integer.parseInt(req(a, v));
          case "--warmup-docs" -> warmup = Long.parseLong(req(a, v));
          case "--dir" -> dir = Path.of(req(a, v));
          case "--connector-db-options" -> connectorDbOptions = req(a, v);
          case "-h", "--help" -> {
            System.out.println("usage: DuckDbIngestBenchmark [--docs N] [--txn-docs T[,T...]] [--runs R]"
                + " [--warmup-docs W] [--dir DIR] [--skip-raw] [--no-quiet-wait] [--connector-db-options 'k=v;...']");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
        i++;
      }
      if (docs < 2 || docs % 2 != 0) {
        throw new IllegalArgumentException("--docs must be even and at least 2");
      }
      for (long t : txn) {
        if (t < 2 || t % 2 != 0) {
          throw new IllegalArgumentException("--txn-docs must be even and at least 2: " + t);
        }
      }
      long w = warmup != null ? warmup : Math.min(docs, 100_000);
      if (w % 2 != 0 || w > docs) {
        throw new IllegalArgumentException("--warmup-docs must be even and at most --docs");
      }
      return new Options(docs, txn, runs, w, dir, skipRaw, quietWait, connectorDbOptions);
    }

    private static String req(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }
  }

  /** One measured part: what it did and what it cost. */
  record Sample(String part, long txnDocs, long docs, double seconds, long heapPeak, long heapAfterGcMax, long rssPeak,
      long gcCount, long gcMillis, double cpuOwn, double cpuOthers, String check) {
    double docsPerSecond() {
      return docs / seconds;
    }
  }

  private final Options options;
  private final Path root;
  private final Memory memory = new Memory();
  private String tableDdl;

  private DuckDbIngestBenchmark(Options options) throws IOException {
    this.options = options;
    Files.createDirectories(options.dir());
    this.root = Files.createTempDirectory(options.dir(), "flowmat-ingest-");
  }

  private void run() throws Exception {
    try {
      printMachine();
      // The table as the connector's Apply creates it; the raw parts create the very same one.
      tableDdl = connectorTableDdl();
      System.out.println("table: " + tableDdl.replaceAll("\\s+", " "));

      long maxDocs = options.docs();
      TreeSet<Long> boundaries = new TreeSet<>();
      for (long t : options.txnDocs()) {
        addBoundaries(boundaries, t, options.docs());
        addBoundaries(boundaries, Math.min(t, options.warmupDocs()), options.warmupDocs());
      }
      long encodeStart = System.nanoTime();
      Encoded encoded = Encoded.write(root.resolve("requests"), maxDocs, boundaries);
      System.out.printf(Locale.ROOT, "encoded requests in %.1f s: %s%n", (System.nanoTime() - encodeStart) / 1e9,
          encoded.describe());

      System.out.printf(Locale.ROOT, "%nwarm-up run (%,d docs)%n", options.warmupDocs());
      runOnce(0, options.warmupDocs(), encoded);
      List<Sample> samples = new ArrayList<>();
      for (int r = 1; r <= options.runs(); r++) {
        System.out.printf(Locale.ROOT, "%nrun %d of %d (%,d docs)%n", r, options.runs(), options.docs());
        samples.addAll(runOnce(r, options.docs(), encoded));
      }
      System.out.println();
      System.out.println(summary(samples, options.runs()));
      encoded.close();
    } finally {
      deleteTree(root);
    }
  }

  private static void addBoundaries(TreeSet<Long> boundaries, long txn, long docs) {
    for (long b = txn; b < docs; b += txn) {
      boundaries.add(b);
    }
    boundaries.add(docs);
  }

  private List<Sample> runOnce(int run, long docs, Encoded encoded) throws Exception {
    List<Sample> out = new ArrayList<>();
    Path dir = Files.createDirectories(root.resolve("run-" + run));

    if (!options.skipRaw()) {
      out.add(report(measure("generate only", 0, docs, () -> generateOnly(docs))));
      Path appenderDb = dir.resolve("appender.duckdb");
      out.add(report(measure("raw appender", 0, docs, () -> rawAppender(appenderDb, docs))));
      deleteDatabase(appenderDb);
      Path ndjsonDb = dir.resolve("ndjson.duckdb");
      Path ndjsonFile = dir.resolve("rows.ndjson");
      out.add(report(measure("raw NDJSON + read_json", 0, docs, () -> rawNdjson(ndjsonDb, ndjsonFile, docs))));
      Files.deleteIfExists(ndjsonFile);
      deleteDatabase(ndjsonDb);
    }

    for (long requested : options.txnDocs()) {
      long txn = Math.min(requested, docs);
      Path db = dir.resolve("connector-" + txn + ".duckdb");
      Session session = new Session(db, options.connectorDbOptions(), encoded);
      session.apply();
      out.add(report(measure("connector insert-only", txn, docs, () -> session.insertOnly(docs, txn))));
      out.add(report(measure("connector half-existing", txn, docs, () -> session.halfExisting(docs, txn))));
      deleteDatabase(db);
    }
    deleteTree(dir);
    return out;
  }

  private static Sample report(Sample s) {
    System.out.printf(Locale.ROOT, "  %-24s %11s %,9.0f docs/s %6.2f s | heap peak %4d MiB, after GC max %4s MiB,"
            + " RSS peak %4d MiB, GC %d / %d ms | CPUs busy: this process %.2f, others %.2f | %s%n",
        s.part(), s.txnDocs() == 0 ? "" : String.format(Locale.ROOT, "txn %,d", s.txnDocs()), s.docsPerSecond(),
        s.seconds(), mib(s.heapPeak()), s.gcCount() == 0 ? "-" : String.valueOf(mib(s.heapAfterGcMax())),
        mib(s.rssPeak()), s.gcCount(), s.gcMillis(), s.cpuOwn(), s.cpuOthers(), s.check());
    return s;
  }

  @FunctionalInterface
  interface Part {
    /** Runs the part; returns a short check of what it did (verified after the clock stops). */
    Check run() throws Exception;
  }

  @FunctionalInterface
  interface Check {
    String verify() throws Exception;
  }

  private Sample measure(String part, long txn, long docs, Part body) throws Exception {
    if (options.quietWait()) {
      memory.awaitQuiet();
    }
    System.gc();
    System.gc();
    memory.reset();
    long start = System.nanoTime();
    Check check = body.run();
    long nanos = System.nanoTime() - start;
    Memory.Reading m = memory.read();
    return new Sample(part, txn, docs, nanos / 1e9, m.heapPeak(), m.heapAfterGcMax(), m.rssPeak(), m.gcCount(),
        m.gcMillis(), (double) m.cpuOwn() / nanos, (double) m.cpuOthers() / nanos, check.verify());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Raw DuckDB

  private Check generateOnly(long docs) {
    Row row = new Row();
    long sink = 0;
    for (long i = 0; i < docs; i++) {
      row.fill(2 * i, 1);
      sink += row.doc.length() + row.city.length();
    }
    long total = sink;
    return () -> String.format(Locale.ROOT, "avg doc+city %.0f chars", (double) total / docs);
  }

  private Check rawAppender(Path db, long docs) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute(tableDdl);
      }
      Row row = new Row();
      try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender(SCHEMA, TABLE)) {
        for (long i = 0; i < docs; i++) {
          row.fill(2 * i, 1);
          a.beginRow();
          a.append(row.id);
          a.append(row.amount);
          a.append(row.city);
          a.appendEpochMicros(row.createdMicros);
          a.append(row.customer);
          a.appendEpochMicros(row.publishedMicros);
          a.append(row.paid);
          a.append(row.quantity);
          a.appendEpochDays(row.shipDay);
          a.append(row.status);
          a.append(row.doc);
          a.endRow();
        }
      }
    }
    return () -> verifyRows(db, docs, 0);
  }

  private Check rawNdjson(Path db, Path file, long docs) throws Exception {
    Row row = new Row();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        JsonGenerator json = JSON_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.setRootValueSeparator(null);
      for (long i = 0; i < docs; i++) {
        row.fill(2 * i, 1);
        json.writeStartObject();
        json.writeNumberField("id", row.id);
        json.writeNumberField("amount", row.amount);
        json.writeStringField("city", row.city);
        json.writeStringField("created_at", row.createdText);
        json.writeStringField("customer", row.customer);
        json.writeStringField("flow_published_at", row.publishedText);
        json.writeBooleanField("paid", row.paid);
        json.writeNumberField("quantity", row.quantity);
        json.writeStringField("ship_date", row.shipText);
        json.writeStringField("status", row.status);
        json.writeFieldName("flow_document");
        json.writeRawValue(row.doc);
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
      s.execute(tableDdl);
      Map<String, String> types = columnTypes(c);
      String columns = COLUMNS.stream().map(n -> n + ": '" + types.get(n) + "'").collect(Collectors.joining(", "));
      String names = String.join(", ", COLUMNS);
      s.execute("INSERT INTO " + SCHEMA + "." + TABLE + " (" + names + ") SELECT " + names + " FROM read_json('"
          + file.toString().replace("'", "''") + "', format = 'newline_delimited', columns = {" + columns + "})");
    }
    return () -> verifyRows(db, docs, 0);
  }

  /** Column name → DuckDB type of the benchmark table, checking that its columns are the expected ones in order. */
  private static Map<String, String> columnTypes(Connection c) throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '"
            + SCHEMA + "' AND table_name = '" + TABLE + "' ORDER BY ordinal_position")) {
      while (r.next()) {
        types.put(r.getString(1), r.getString(2));
      }
    }
    if (!new ArrayList<>(types.keySet()).equals(COLUMNS)) {
      throw new IllegalStateException("the connector's table has columns " + types.keySet() + ", expected " + COLUMNS);
    }
    return types;
  }

  /** Checks the table holds {@code rows} rows, {@code updated} of them with a second revision of their document. */
  private static String verifyRows(Path db, long rows, long updated) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE CAST(flow_document->>'rev' AS INTEGER) = 2),"
            + " count(DISTINCT id) FROM " + SCHEMA + "." + TABLE)) {
      r.next();
      long count = r.getLong(1);
      long rev2 = r.getLong(2);
      long distinct = r.getLong(3);
      if (count != rows || rev2 != updated || distinct != rows) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "%s: %d rows (%d distinct ids), %d updated; expected %d rows, %d updated", db, count, distinct, rev2, rows, updated));
      }
      return String.format(Locale.ROOT, "ok: %,d rows, %,d updated", count, rev2);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The connector

  /** The DDL of the table the connector's Apply creates, from a scratch database. */
  private String connectorTableDdl() throws Exception {
    Path scratch = Files.createDirectories(root.resolve("scratch"));
    Path db = scratch.resolve("apply.duckdb");
    new Session(db, "", null).apply();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
      columnTypes(c);
      try (ResultSet r = s.executeQuery("SELECT sql FROM duckdb_tables() WHERE schema_name = '" + SCHEMA
          + "' AND table_name = '" + TABLE + "'")) {
        if (!r.next()) {
          throw new IllegalStateException("Apply created no table " + TABLE);
        }
        return r.getString(1);
      }
    } finally {
      deleteTree(scratch);
    }
  }

  /** Sessions of the connector against one database file. */
  private static final class Session {
    /** How long to wait for each response; only there to end a hung run, far above any transaction's time. */
    private static final Duration RESPONSE_WAIT = Duration.ofHours(1);

    private final Path db;
    private final Encoded encoded;
    private final Flow.MaterializationSpec spec;
    private JsonNode state = JSON.createObjectNode();

    /**
     * {@code dbOptions} ({@code k=v;...}), if any, are appended to the endpoint's database path, where DuckDB's JDBC
     * driver reads them as settings: a way to try a setting on the connector without changing it.
     */
    Session(Path db, String dbOptions, Encoded encoded) {
      this.db = db;
      this.encoded = encoded;
      this.spec = materialization(dbOptions.isEmpty() ? db.toString() : db + ";" + dbOptions);
    }

    /** Spec, then Apply, in a stream of its own (untimed): creates the table and the markers table. */
    void apply() throws Exception {
      List<Step> script = new ArrayList<>();
      script.add(inline(specRequest()));
      script.add(new Gate(Kind.SPEC, 1));
      script.add(inline(Request.newBuilder().setApply(Request.Apply.newBuilder().setMaterialization(spec)
          .setVersion("bench-1")).build()));
      Responses responses = launch(script);
      if (responses.count(Kind.APPLIED) != 1) {
        throw new IllegalStateException("no Applied response");
      }
    }

    /** Pass 1: {@code docs} new keys (even ids), transactions of {@code txn} Stores, no Loads. */
    Check insertOnly(long docs, long txn) throws Exception {
      List<Step> script = open();
      long k = 0;
      for (long begin = 0; begin < docs; begin += txn) {
        long end = Math.min(begin + txn, docs);
        k++;
        script.add(inline(Control.FLUSH));
        script.add(new Gate(Kind.FLUSHED, k));
        script.add(encoded.insertStores.range(begin, end));
        script.add(inline(Control.START_COMMIT));
        script.add(new Gate(Kind.STARTED_COMMIT, k));
        script.add(inline(Control.ACKNOWLEDGE));
      }
      Responses responses = launch(script);
      long transactions = k;
      return () -> check(responses, transactions, 0) + "; " + verifyRows(db, docs, 0);
    }

    /** Pass 2: ids 0 .. docs-1, Loads for all; the even ones exist (updated, exists=true), the odd ones are new. */
    Check halfExisting(long docs, long txn) throws Exception {
      List<Step> script = open();
      long k = 0;
      for (long begin = 0; begin < docs; begin += txn) {
        long end = Math.min(begin + txn, docs);
        k++;
        script.add(encoded.loads.range(begin, end));
        script.add(inline(Control.FLUSH));
        script.add(new Gate(Kind.FLUSHED, k));
        script.add(encoded.mergeStores.range(begin, end));
        script.add(inline(Control.START_COMMIT));
        script.add(new Gate(Kind.STARTED_COMMIT, k));
        script.add(inline(Control.ACKNOWLEDGE));
      }
      Responses responses = launch(script);
      long transactions = k;
      return () -> check(responses, transactions, docs / 2) + "; " + verifyRows(db, docs + docs / 2, docs / 2);
    }

    private String check(Responses responses, long transactions, long loaded) {
      // Acknowledged: one for the Acknowledge after Opened, one per transaction.
      if (responses.count(Kind.STARTED_COMMIT) != transactions || responses.count(Kind.ACKNOWLEDGED) != transactions + 1
          || responses.count(Kind.LOADED) != loaded) {
        throw new IllegalStateException("unexpected responses: " + responses);
      }
      return String.format(Locale.ROOT, "%d txns, %,d Loaded, %s", transactions, loaded, responses.timeline());
    }

    private List<Step> open() {
      List<Step> script = new ArrayList<>();
      script.add(inline(specRequest()));
      script.add(new Gate(Kind.SPEC, 1));
      script.add(inline(Request.newBuilder().setOpen(Request.Open.newBuilder().setMaterialization(spec)
          .setVersion("bench-1")
          .setRange(Flow.RangeSpec.newBuilder().setKeyBegin(0).setKeyEnd(-1).setRClockBegin(0).setRClockEnd(-1))
          .setStateJson(ByteString.copyFromUtf8(state.toString()))).build()));
      script.add(new Gate(Kind.OPENED, 1));
      script.add(inline(Control.ACKNOWLEDGE)); // of the transaction the previous session may have left
      return script;
    }

    private Responses launch(List<Step> script) throws Exception {
      Responses responses = new Responses(state);
      ScriptedInput in = new ScriptedInput(script, responses);
      // The connector reads the script, not the channel's stdin: the requests are frames already on disk, and
      // decoding them into messages to send would put their encoding back into the timed part.
      InProcessChannel channel = InProcessChannel.start(Codec.PROTO, "duckdb",
          (unusedStdin, stdout) -> ConnectorLauncher.run(new String[] {"--connector", "duckdb"}, in, stdout, Map.of()));
      int code;
      try {
        for (Response r; (r = channel.receive(RESPONSE_WAIT)) != null; ) {
          responses.accept(r);
        }
        code = channel.awaitExit(RESPONSE_WAIT);
      } finally {
        responses.end();
        channel.close();
      }
      if (channel.failure() instanceof Exception e) {
        throw e;
      } else if (channel.failure() instanceof Error e) {
        throw e;
      }
      if (code != 0) {
        throw new IllegalStateException("the connector exited with " + code + " (its log is on stderr)");
      }
      state = responses.state;
      return responses;
    }

    private static Request specRequest() {
      return Request.newBuilder().setSpec(Request.Spec.newBuilder()
          .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE).setConfigJson(ByteString.copyFromUtf8("{}")))
          .build();
    }
  }

  /** The materialization of one binding, {@code orders} → main.orders, as Flow would build it. */
  static Flow.MaterializationSpec materialization(String database) {
    ObjectNode config = JSON.createObjectNode().put("database", database).put("schema", SCHEMA);
    Flow.CollectionSpec collection = Flow.CollectionSpec.newBuilder()
        .setName("acmeCo/orders")
        .addKey("/id")
        .setUuidPtr("/_meta/uuid")
        .addProjections(projection("_meta/op", "/_meta/op", false, "", "string"))
        .addProjections(projection("address", "/address", false, "", "object"))
        .addProjections(projection("amount", "/amount", false, "", "number"))
        .addProjections(projection("city", "/city", false, "", "string"))
        .addProjections(projection("created_at", "/created_at", false, "date-time", "string"))
        .addProjections(projection("customer", "/customer", false, "", "string"))
        .addProjections(projection("flow_document", "", false, "", "object"))
        .addProjections(projection("flow_published_at", "/_meta/uuid", false, "date-time", "string"))
        .addProjections(projection("id", "/id", true, "", "integer"))
        .addProjections(projection("note", "/note", false, "", "string"))
        .addProjections(projection("paid", "/paid", false, "", "boolean"))
        .addProjections(projection("quantity", "/quantity", false, "", "integer"))
        .addProjections(projection("rev", "/rev", false, "", "integer"))
        .addProjections(projection("ship_date", "/ship_date", false, "date", "string"))
        .addProjections(projection("status", "/status", false, "", "string"))
        .addProjections(projection("tags", "/tags", false, "", "array"))
        .build();
    Flow.FieldSelection selection = Flow.FieldSelection.newBuilder()
        .addKeys("id")
        .addAllValues(COLUMNS.subList(1, COLUMNS.size() - 1))
        .setDocument("flow_document")
        .build();
    return Flow.MaterializationSpec.newBuilder()
        .setName(MATERIALIZATION)
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
        .setConfigJson(ByteString.copyFromUtf8(config.toString()))
        .addBindings(Flow.MaterializationSpec.Binding.newBuilder()
            .setResourceConfigJson(ByteString.copyFromUtf8("{\"table\":\"" + TABLE + "\"}"))
            .addResourcePath(SCHEMA)
            .addResourcePath(TABLE)
            .setCollection(collection)
            .setFieldSelection(selection)
            .setStateKey(SCHEMA + "%2F" + TABLE + ".v0"))
        .build();
  }

  private static Flow.Projection projection(String field, String ptr, boolean key, String format, String type) {
    Flow.Inference.Builder inference = Flow.Inference.newBuilder().addTypes(type).setExists(Flow.Inference.Exists.MUST);
    if (!format.isEmpty()) {
      inference.setString(Flow.Inference.String.newBuilder().setFormat(format));
    }
    return Flow.Projection.newBuilder().setField(field).setPtr(ptr).setIsPrimaryKey(key).setInference(inference).build();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Encoded requests: files of frames, with the offsets of transaction boundaries

  /** Frames requests as the PROTO codec puts them on the wire; one writer, reused (encoding runs on one thread). */
  private static final ByteArrayOutputStream FRAME_BUFFER = new ByteArrayOutputStream(1 << 12);
  private static final MessageWriter<Request> FRAMER = Codec.PROTO.writer(FRAME_BUFFER);

  /** The framed bytes of one request, ready to send. */
  static byte[] frame(Request request) {
    synchronized (FRAME_BUFFER) {
      FRAME_BUFFER.reset();
      try {
        FRAMER.write(request);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return FRAME_BUFFER.toByteArray();
    }
  }

  /** Control requests, the same in every transaction. */
  static final class Control {
    static final byte[] FLUSH = frame(Request.newBuilder().setFlush(Request.Flush.getDefaultInstance()).build());
    static final byte[] START_COMMIT = frame(Request.newBuilder().setStartCommit(Request.StartCommit.newBuilder()
        .setRuntimeCheckpoint(Consumer.Checkpoint.getDefaultInstance())).build());
    static final byte[] ACKNOWLEDGE = frame(Request.newBuilder().setAcknowledge(Request.Acknowledge.getDefaultInstance())
        .build());
  }

  /** A file of frames of one kind of request, message i for document i, with offsets of chosen message indices. */
  static final class FrameFile implements AutoCloseable {
    final Path path;
    final FileChannel channel;
    final Map<Long, Long> offsets; // message index -> byte offset
    final long bytes;

    FrameFile(Path path, Map<Long, Long> offsets, long bytes) throws IOException {
      this.path = path;
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
      this.offsets = offsets;
      this.bytes = bytes;
    }

    /** Messages [begin, end), both boundaries. */
    Step range(long begin, long end) {
      Long from = offsets.get(begin);
      Long to = offsets.get(end);
      if (from == null || to == null) {
        throw new IllegalStateException("no boundary at message " + (from == null ? begin : end));
      }
      return new FileRange(channel, from, to - from);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Writes frames and notes the offsets of the boundaries. */
  static final class FrameFileWriter implements AutoCloseable {
    final Path path;
    final OutputStream out;
    final TreeSet<Long> boundaries;
    final Map<Long, Long> offsets = new HashMap<>();
    long messages;
    long bytes;

    FrameFileWriter(Path path, TreeSet<Long> boundaries) throws IOException {
      this.path = path;
      this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20);
      this.boundaries = boundaries;
      offsets.put(0L, 0L);
    }

    void write(byte[] frame) throws IOException {
      out.write(frame);
      bytes += frame.length;
      messages++;
      if (boundaries.contains(messages)) {
        offsets.put(messages, bytes);
      }
    }

    FrameFile finish() throws IOException {
      close();
      return new FrameFile(path, offsets, bytes);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** The three request files: pass 1 Stores, pass 2 Loads, pass 2 Stores. */
  record Encoded(FrameFile insertStores, FrameFile loads, FrameFile mergeStores) implements AutoCloseable {
    static Encoded write(Path dir, long docs, TreeSet<Long> boundaries) throws IOException {
      Files.createDirectories(dir);
      Row row = new Row();
      FrameFileWriter inserts = new FrameFileWriter(dir.resolve("insert-stores.bin"), boundaries);
      FrameFileWriter loads = new FrameFileWriter(dir.resolve("loads.bin"), boundaries);
      FrameFileWriter merges = new FrameFileWriter(dir.resolve("merge-stores.bin"), boundaries);
      for (long i = 0; i < docs; i++) {
        // Pass 1: even ids, all new.
        row.fill(2 * i, 1);
        inserts.write(frame(store(row, false)));
        // Pass 2: every id; the even ones were stored by pass 1 and are updated, the odd ones are new.
        boolean exists = i % 2 == 0;
        row.fill(i, exists ? 2 : 1);
        loads.write(frame(Request.newBuilder().setLoad(Request.Load.newBuilder().setBinding(0)
            .setKeyPacked(ByteString.copyFrom(key(row).bytes()))).build()));
        merges.write(frame(store(row, exists)));
      }
      return new Encoded(inserts.finish(), loads.finish(), merges.finish());
    }

    private static PackedTuple key(Row row) {
      return PackedTuple.pack(TupleValue.Int.of(row.id));
    }

    private static Request store(Row row, boolean exists) {
      PackedTuple values = PackedTuple.pack(
          new TupleValue.Float64(row.amount),
          new TupleValue.Str(row.city),
          new TupleValue.Str(row.createdText),
          new TupleValue.Str(row.customer),
          new TupleValue.Str(row.publishedText),
          TupleValue.Bool.of(row.paid),
          TupleValue.Int.of(row.quantity),
          new TupleValue.Str(row.shipText),
          new TupleValue.Str(row.status));
      return Request.newBuilder().setStore(Request.Store.newBuilder()
          .setBinding(0)
          .setKeyPacked(ByteString.copyFrom(key(row).bytes()))
          .setValuesPacked(ByteString.copyFrom(values.bytes()))
          .setDocJson(ByteString.copyFromUtf8(row.doc))
          .setExists(exists)).build();
    }

    String describe() {
      return String.format(Locale.ROOT, "pass-1 Stores %d MiB, pass-2 Loads %d MiB, pass-2 Stores %d MiB (on disk)",
          mib(insertStores.bytes), mib(loads.bytes), mib(mergeStores.bytes));
    }

    @Override
    public void close() throws IOException {
      insertStores.close();
      loads.close();
      mergeStores.close();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The peer: a scripted stdin that waits for responses where Flow's runtime does, and the responses it counts

  sealed interface Step permits Inline, FileRange, Gate {}

  record Inline(byte[] bytes) implements Step {}

  record FileRange(FileChannel channel, long offset, long length) implements Step {}

  /** Wait until at least {@code count} responses of {@code kind} have arrived. */
  record Gate(Kind kind, long count) implements Step {}

  static Step inline(byte[] frame) {
    return new Inline(frame);
  }

  static Step inline(Request request) {
    return new Inline(frame(request));
  }

  /** The connector's stdin: the script's bytes, pausing at each gate until the connector has answered. */
  static final class ScriptedInput extends InputStream {
    private final Iterator<Step> steps;
    private final Responses responses;
    private Step current;
    private long position;

    ScriptedInput(List<Step> script, Responses responses) {
      this.steps = script.iterator();
      this.responses = responses;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (true) {
        if (current == null) {
          if (!steps.hasNext()) {
            return -1;
          }
          Step step = steps.next();
          if (step instanceof Gate gate) {
            responses.await(gate);
            continue;
          }
          current = step;
          position = 0;
        }
        int n = 0;
        if (current instanceof Inline inline) {
          n = (int) Math.min(len, inline.bytes().length - position);
          System.arraycopy(inline.bytes(), (int) position, b, off, n);
        } else if (current instanceof FileRange range) {
          int want = (int) Math.min(len, range.length() - position);
          if (want > 0) {
            n = range.channel().read(ByteBuffer.wrap(b, off, want), range.offset() + position);
            if (n < 0) {
              throw new IOException("request file ended early");
            }
          }
        }
        if (n > 0) {
          position += n;
          return n;
        }
        current = null;
      }
    }
  }

  /** Response kinds by their field number in {@code materialize.Response}. */
  enum Kind {
    SPEC(1, Response::hasSpec), VALIDATED(2, Response::hasValidated), APPLIED(3, Response::hasApplied),
    OPENED(4, Response::hasOpened), LOADED(5, Response::hasLoaded), FLUSHED(6, Response::hasFlushed),
    STARTED_COMMIT(7, Response::hasStartedCommit), ACKNOWLEDGED(8, Response::hasAcknowledged);

    private static final Kind[] ALL = values();

    final int field;
    private final Predicate<Response> sets;

    Kind(int field, Predicate<Response> sets) {
      this.field = field;
      this.sets = sets;
    }

    /** The kind of {@code r}, which sets one member message; null for none of these. */
    static Kind of(Response r) {
      for (Kind k : ALL) {
        if (k.sets.test(r)) {
          return k;
        }
      }
      return null;
    }
  }

  /** The connector's responses, counted by kind; connector state updates folded as Flow folds them. */
  static final class Responses {
    private final long[] counts = new long[16];
    private boolean ended;
    JsonNode state;
    // Timeline, as the peer sees it: staging is Flushed -> StartedCommit, an apply is StartedCommit -> Acknowledged,
    // and the connector answers a Flush once the previous apply is done and the Loads are queried.
    private final long created = System.nanoTime();
    private long lastFlushed;
    private long lastStarted;
    private long stageNanos;
    private long applyNanos;
    private long flushNanos;

    Responses(JsonNode state) {
      this.state = state;
    }

    void accept(Response r) {
      Kind kind = Kind.of(r);
      int field = kind == null ? 0 : kind.field;
      if (kind == Kind.STARTED_COMMIT || kind == Kind.ACKNOWLEDGED || kind == Kind.FLUSHED || kind == Kind.APPLIED) {
        Flow.ConnectorState s = r.hasStartedCommit() ? r.getStartedCommit().getState()
            : r.hasAcknowledged() ? r.getAcknowledged().getState()
            : r.hasFlushed() ? r.getFlushed().getState() : r.getApplied().getState();
        state = MergePatch.applyState(state, s);
      }
      long now = System.nanoTime();
      synchronized (this) {
        counts[field]++;
        if (field == Kind.FLUSHED.field) {
          flushNanos += now - (lastStarted == 0 ? created : lastStarted);
          lastFlushed = now;
        } else if (field == Kind.STARTED_COMMIT.field) {
          stageNanos += now - lastFlushed;
          lastStarted = now;
        } else if (field == Kind.ACKNOWLEDGED.field && lastStarted != 0) {
          applyNanos += now - lastStarted;
        }
        notifyAll();
      }
    }

    /** Where the session's time went, seen from the peer (applies overlap the next transaction's staging). */
    synchronized String timeline() {
      return String.format(Locale.ROOT, "stores staged %.2f s, applies %.2f s, Flush→Flushed %.2f s",
          stageNanos / 1e9, applyNanos / 1e9, flushNanos / 1e9);
    }

    synchronized long count(Kind kind) {
      return counts[kind.field];
    }

    synchronized void await(Gate gate) throws IOException {
      while (counts[gate.kind().field] < gate.count()) {
        if (ended) {
          throw new IOException("the connector ended before " + gate);
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for " + gate, e);
        }
      }
    }

    synchronized void end() {
      ended = true;
      notifyAll();
    }

    @Override
    public synchronized String toString() {
      return Arrays.stream(Kind.values()).map(k -> k + "=" + counts[k.field]).collect(Collectors.joining(", "));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The documents

  /** One order, derived from (id, revision) alone; reused across rows to keep generation cheap. */
  static final class Row {
    private static final String[] TENANTS = {"acmeCo", "globex", "initech", "umbrella-corp", "stark_industries"};
    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "refunded", "cancelled"};
    private static final String[] CITIES = {
      "Zürich", "São Paulo", "Kraków", "New York", "東京", "Reykjavík", "Montréal", "Łódź", "Lagos", "Portland"
    };
    private static final String[] COUNTRIES = {"CH", "BR", "PL", "US", "JP", "IS", "CA", "PL", "NG", "US"};
    private static final String[] STREETS = {
      "Bahnhofstrasse", "Avenida Paulista", "Floriańska", "Fifth Avenue", "Ginza", "Laugavegur", "Rue Sainte-Catherine",
      "Piotrkowska", "Broad Street", "Alberta Street"
    };
    private static final String[] WORDS = {
      "deliver", "after", "5pm", "fragile", "gift-wrap", "please", "ring", "twice", "back", "door", "contactless",
      "ça", "marche", "naïve", "café", "leave", "with", "neighbour", "über", "quickly", "box", "side", "gate", "call"
    };
    private static final String[] TAGS = {"priority", "gift", "wholesale", "returning", "promo", "b2b", "eu", "apac"};
    /** 2024-01-01T00:00:00Z in microseconds. */
    private static final long BASE_MICROS = 1_704_067_200_000_000L;
    /** 100 ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
    private static final long UUID_EPOCH_OFFSET = 122_192_928_000_000_000L;

    long id;
    double amount;
    String city;
    long createdMicros;
    String createdText;
    String customer;
    long publishedMicros;
    String publishedText;
    boolean paid;
    long quantity;
    int shipDay;
    String shipText;
    String status;
    String doc;
    private final StringBuilder sb = new StringBuilder(640);

    void fill(long id, int rev) {
      this.id = id;
      long h = mix(id);
      long hr = mix(id * 31 + rev);
      amount = (hr >>> 40) % 10_000_000 / 100.0;
      int c = (int) ((h >>> 8) % CITIES.length);
      city = CITIES[c];
      createdMicros = BASE_MICROS + id * 1_234_567L;
      createdText = timestamp(createdMicros / 1000 * 1000, 3);
      customer = TENANTS[(int) ((h >>> 16) % TENANTS.length)] + "-" + ((h >>> 24) % 100_000);
      long publishedNanos = (createdMicros + 300_000_000L + (rev - 1) * 86_400_000_000L) * 1000 + ((hr >>> 4) % 10) * 100;
      publishedMicros = publishedNanos / 1000;
      publishedText = timestamp(publishedNanos / 1000, 9, publishedNanos % 1000);
      paid = (hr & 3) != 0;
      quantity = 1 + (hr >>> 12) % 9;
      shipDay = (int) Math.floorDiv(createdMicros, 86_400_000_000L) + 2 + (int) ((h >>> 32) % 5);
      sb.setLength(0);
      date(sb, shipDay);
      shipText = sb.toString();
      status = STATUSES[(int) ((hr >>> 20) % STATUSES.length)];

      StringBuilder d = sb;
      d.setLength(0);
      d.append("{\"_meta\":{\"uuid\":\"");
      uuid(d, publishedNanos / 100, id);
      d.append("\",\"op\":\"").append(rev == 1 ? 'c' : 'u').append("\"},\"id\":").append(id)
          .append(",\"rev\":").append(rev)
          .append(",\"customer\":\"").append(customer)
          .append("\",\"status\":\"").append(status)
          .append("\",\"amount\":").append(amount)
          .append(",\"quantity\":").append(quantity)
          .append(",\"paid\":").append(paid)
          .append(",\"created_at\":\"").append(createdText)
          .append("\",\"ship_date\":\"").append(shipText)
          .append("\",\"city\":\"").append(city)
          .append("\",\"address\":{\"street\":\"").append(1 + h % 999).append(' ').append(STREETS[c])
          .append("\",\"zip\":\"").append(1000 + (h >>> 20) % 9000)
          .append("\",\"country\":\"").append(COUNTRIES[c])
          .append("\"},\"tags\":[\"").append(TAGS[(int) (h % TAGS.length)]).append("\",\"")
          .append(TAGS[(int) ((h >>> 3) % TAGS.length)])
          .append("\"],\"note\":\"");
      long w = hr;
      for (int i = 0; i < 18; i++) {
        if (i > 0) {
          d.append(' ');
        }
        d.append(WORDS[(int) ((w >>> (i * 3 % 56)) % WORDS.length)]);
        w = w * 6364136223846793005L + 1442695040888963407L;
      }
      d.append("\"}");
      doc = d.toString();
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
      z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return (z ^ (z >>> 33)) & Long.MAX_VALUE;
    }

    private String timestamp(long micros, int digits) {
      return timestamp(micros, digits, 0);
    }

    /** RFC 3339 in UTC with {@code digits} (3 or 9) fractional digits; nanos below the microsecond for 9. */
    private String timestamp(long micros, int digits, long subMicroNanos) {
      StringBuilder s = sb;
      s.setLength(0);
      long days = Math.floorDiv(micros, 86_400_000_000L);
      long inDay = micros - days * 86_400_000_000L;
      date(s, days);
      s.append('T');
      pad(s, inDay / 3_600_000_000L, 2).append(':');
      pad(s, inDay / 60_000_000L % 60, 2).append(':');
      pad(s, inDay / 1_000_000L % 60, 2).append('.');
      if (digits == 3) {
        pad(s, inDay / 1000 % 1000, 3);
      } else {
        pad(s, inDay % 1_000_000L, 6);
        pad(s, subMicroNanos, 3);
      }
      return s.append('Z').toString();
    }

    /** YYYY-MM-DD of an epoch day (proleptic Gregorian, days from civil). */
    private static void date(StringBuilder s, long epochDay) {
      long z = epochDay + 719_468;
      long era = Math.floorDiv(z, 146_097);
      long doe = z - era * 146_097;
      long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
      long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
      long mp = (5 * doy + 2) / 153;
      long day = doy - (153 * mp + 2) / 5 + 1;
      long month = mp < 10 ? mp + 3 : mp - 9;
      long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
      pad(s, year, 4).append('-');
      pad(s, month, 2).append('-');
      pad(s, day, 2);
    }

    private static StringBuilder pad(StringBuilder s, long value, int width) {
      String v = Long.toString(value);
      for (int i = v.length(); i < width; i++) {
        s.append('0');
      }
      return s.append(v);
    }

    /** A version-1 UUID of a 100 ns timestamp, as Flow's document UUIDs are. */
    private static void uuid(StringBuilder s, long unix100ns, long id) {
      long t = unix100ns + UUID_EPOCH_OFFSET;
      hex(s, t & 0xffffffffL, 8).append('-');
      hex(s, (t >>> 32) & 0xffff, 4).append('-');
      hex(s, ((t >>> 48) & 0x0fff) | 0x1000, 4).append('-');
      hex(s, 0x8000 | (id & 0x3fff), 4).append('-');
      hex(s, 0x0242ac110002L, 12);
    }

    private static StringBuilder hex(StringBuilder s, long value, int digits) {
      for (int i = digits - 1; i >= 0; i--) {
        s.append(Character.forDigit((int) (value >>> (4 * i)) & 0xf, 16));
      }
      return s;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Memory

  /** Heap pool peaks, heap after each GC, GC totals and the process's peak RSS, all resettable. */
  static final class Memory {
    record Reading(long heapPeak, long heapAfterGcMax, long rssPeak, long gcCount, long gcMillis, long cpuOwn,
        long cpuOthers) {}

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final List<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName).toList();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private volatile long afterGcMax;
    private long gcCountStart;
    private long gcMillisStart;
    private long ownCpuStart;
    private long busyStart;

    Memory() {
      for (GarbageCollectorMXBean gc : collectors) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener((notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
              return;
            }
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (heapPoolNames.contains(e.getKey())) {
                used += e.getValue().getUsed();
              }
            }
            synchronized (this) {
              afterGcMax = Math.max(afterGcMax, used);
            }
          }, null, null);
        }
      }
    }

    void reset() {
      try {
        Thread.sleep(100); // let the notifications of the settling GCs arrive before resetting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
      synchronized (this) {
        afterGcMax = 0;
      }
      gcCountStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
      gcMillisStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
      ownCpuStart = ownCpu();
      busyStart = machineBusy();
      try {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM
      } catch (IOException | RuntimeException e) {
        // not Linux, or not permitted: the RSS peak is then the process's
      }
    }

    Reading read() {
      long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      long count = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - gcCountStart;
      long millis = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - gcMillisStart;
      long afterGc;
      synchronized (this) {
        afterGc = afterGcMax;
      }
      long own = ownCpu() - ownCpuStart;
      long busy = machineBusy() - busyStart;
      return new Reading(peak, afterGc, rssPeak(), count, millis, own, busy < 0 ? 0 : Math.max(0, busy - own));
    }

    /**
     * Waits (up to 15 minutes) until other processes have used less than a fifth of a CPU for three seconds in a row:
     * the machine is shared, and a part measured beside someone's build says little. Each part still reports what
     * others used while it ran.
     */
    void awaitQuiet() throws InterruptedException {
      long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000L;
      long waitedFrom = System.nanoTime();
      int calm = 0;
      while (calm < 3 && System.nanoTime() < deadline) {
        long own = ownCpu();
        long busy = machineBusy();
        Thread.sleep(1000);
        long others = (machineBusy() - busy) - (ownCpu() - own);
        calm = others < 200_000_000L ? calm + 1 : 0;
      }
      long waited = (System.nanoTime() - waitedFrom) / 1_000_000_000L;
      if (waited > 5) {
        System.out.printf(Locale.ROOT, "  (waited %d s for other processes to go quiet%s)%n", waited,
            calm < 3 ? "; gave up" : "");
      }
    }

    /** CPU time of this process, ns. */
    private static long ownCpu() {
      return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
          ? os.getProcessCpuTime() : 0;
    }

    /** CPU time of the whole machine that was not idle, ns (from /proc/stat, USER_HZ = 100); -1 if unknown. */
    private static long machineBusy() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
          if (i != 4 && i != 5) { // idle, iowait
            busy += Long.parseLong(f[i]);
          }
        }
        return busy * 10_000_000L;
      } catch (IOException | RuntimeException e) {
        return Long.MIN_VALUE / 4;
      }
    }

    private static long rssPeak() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux
      }
      return -1;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reporting

  private void printMachine() throws SQLException, IOException {
    String cpu = "?";
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("?");
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    String duckdb;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version()")) {
      r.next();
      duckdb = r.getString(1);
    }
    System.out.printf(Locale.ROOT, "machine: %d CPUs (%s), Java %s (%s), GC %s, max heap %d MiB, DuckDB %s%n",
        Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"),
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(" + ")),
        mib(Runtime.getRuntime().maxMemory()), duckdb);
    System.out.printf(Locale.ROOT, "options: --docs %d --txn-docs %s --runs %d --warmup-docs %d%s; files in %s%n",
        options.docs(), options.txnDocs().stream().map(String::valueOf).collect(Collectors.joining(",")),
        options.runs(), options.warmupDocs(),
        options.connectorDbOptions().isEmpty() ? "" : " --connector-db-options '" + options.connectorDbOptions() + "'",
        root);
    String stagedSource = new String(
        DuckDbIngestBenchmark.class.getClassLoader().getResourceAsStream("templates/duckdb/staged_source.sql")
            .readAllBytes(), StandardCharsets.UTF_8);
    System.out.println("connector's staged_source.sql: " + stagedSource.replaceAll("\\s+", " ").trim());
  }

  /** A Markdown table of medians (min–max) per part and transaction size. */
  private static String summary(List<Sample> samples, int runs) {
    Map<String, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample s : samples) {
      groups.computeIfAbsent(s.part() + "|" + s.txnDocs(), k -> new ArrayList<>()).add(s);
    }
    double fastestRaw = 0;
    String fastestRawPart = "";
    for (List<Sample> g : groups.values()) {
      String part = g.get(0).part();
      if (part.startsWith("raw ")) {
        double m = median(g.stream().mapToDouble(Sample::docsPerSecond).toArray());
        if (m > fastestRaw) {
          fastestRaw = m;
          fastestRawPart = part;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%d measured run(s); median (min–max); ratio = median / median of the"
        + " fastest raw method (%s); CPUs busy = CPU time / wall time, of this process and of everything else%n%n",
        runs, fastestRawPart));
    out.append("| part | txn docs | docs/s | vs fastest raw | heap peak MiB | heap after GC, max MiB | RSS peak MiB | GCs"
        + " | CPUs busy: this / others |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (List<Sample> g : groups.values()) {
      Sample first = g.get(0);
      double[] rates = g.stream().mapToDouble(Sample::docsPerSecond).toArray();
      double median = median(rates);
      out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f (%,.0f–%,.0f) | %s | %s | %s | %s | %s | %.2f / %.2f |%n",
          first.part(), first.txnDocs() == 0 ? "–" : String.format(Locale.ROOT, "%,d", first.txnDocs()), median,
          Arrays.stream(rates).min().orElse(0), Arrays.stream(rates).max().orElse(0),
          first.part().startsWith("generate") || fastestRaw == 0 ? "–"
              : String.format(Locale.ROOT, "%.0f %%", 100 * median / fastestRaw),
          range(g, Sample::heapPeak),
          g.stream().allMatch(x -> x.gcCount() == 0) ? "–" : range(g, Sample::heapAfterGcMax), range(g, Sample::rssPeak),
          range(g, Sample::gcCount, 1), median(g.stream().mapToDouble(Sample::cpuOwn).toArray()),
          median(g.stream().mapToDouble(Sample::cpuOthers).toArray())));
    }
    return out.toString();
  }

  private static String range(List<Sample> g, java.util.function.ToLongFunction<Sample> f) {
    return range(g, f, 1 << 20);
  }

  private static String range(List<Sample> g, java.util.function.ToLongFunction<Sample> f, long unit) {
    double[] v = g.stream().mapToDouble(s -> (double) f.applyAsLong(s) / unit).toArray();
    double min = Arrays.stream(v).min().orElse(0);
    double max = Arrays.stream(v).max().orElse(0);
    return min == max ? String.format(Locale.ROOT, "%.0f", median(v))
        : String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(v), min, max);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static long mib(long bytes) {
    return bytes < 0 ? -1 : bytes >> 20;
  }

  private static void deleteDatabase(Path db) throws IOException {
    Files.deleteIfExists(db);
    Files.deleteIfExists(Path.of(db + ".wal"));
    deleteTree(Path.of(db + ".staging"));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
