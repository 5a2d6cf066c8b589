package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ConnectorChannel;
import org.flowmat.runtime.local.GrpcConnector;
import org.flowmat.runtime.local.KillPoint;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/flowmat}: runs a real materialization on this machine, playing Flow's part. {@code run} drives a
 * connector image through Spec, Validate, Apply and transactions of an example's documents; {@code plan} prints the
 * constraints and the SQL Apply would run, touching nothing. The image runs as one child process serving gRPC (as
 * Flow's container serves a task's streams), or, with {@code --transport stdio}, as a child process per stream.
 *
 * <p>As Flow, the runner remembers per example and target what it last applied ({@code <database>.flowmat-applied.pb})
 * and how far it read each collection ({@code <database>.flowmat-checkpoint.pb}, Flow's checkpoint): a second
 * {@code run} reads only new documents, Validate gets the last applied spec, and {@code --fresh} starts over.
 */
@Command(name = "flowmat", mixinStandardHelpOptions = true, subcommands = {FlowmatCli.Run.class, FlowmatCli.Plan.class},
    description = "Run a materialization locally, as Flow would, or review what it would do.")
public final class FlowmatCli {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs the CLI; one clear line on stderr for any error, never a stack trace (unless --verbose). */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new FlowmatCli()).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      err.println("flowmat: " + message(e));
      if (cmd.getCommand() instanceof Common c && c.verbose) {
        e.printStackTrace(err);
      }
      return 1;
    });
    return cli.execute(args);
  }

  static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Options both commands take. */
  abstract static class Common {
    @Parameters(index = "0", paramLabel = "EXAMPLE_DIR", description = "An example directory with a catalog.json.")
    Path exampleDir;

    @Option(names = "--dialect", defaultValue = "duckdb", description = "duckdb (default), snowflake or bigquery.")
    String dialect;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Endpoint config JSON; default for duckdb: a database file under target/examples/.")
    Path config;

    @Option(names = "--codec", defaultValue = "proto",
        description = "Wire codec to the connector with --transport stdio: proto or json.")
    Codec codec;

    @Option(names = "--transport", defaultValue = "grpc",
        description = "grpc (default: one connector process serves every stream) or stdio (a process per stream).")
    String transport;

    @Option(names = {"-v", "--verbose"}, description = "Echo the connector's logs and show stack traces.")
    boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec cli;

    ExampleCatalog catalog() {
      if (!Files.isDirectory(exampleDir)) {
        throw new IllegalArgumentException("no example directory " + exampleDir);
      }
      return ExampleCatalog.load(exampleDir);
    }

    /** The endpoint config; with {@code fresh}, what earlier runs left is deleted first (and {@code out} says what). */
    ObjectNode endpointConfig(boolean fresh, PrintWriter out) throws IOException {
      ObjectNode config = endpointConfig();
      if (fresh) {
        List<String> deleted = new ArrayList<>();
        for (Path p : List.of(appliedRecord(config), checkpointRecord(config))) {
          if (Files.deleteIfExists(p)) {
            deleted.add(p.getFileName().toString());
          }
        }
        Optional<Path> database = localDatabase(config);
        if (database.isPresent()) {
          Path db = database.get();
          for (Path p : List.of(db, Path.of(db + ".wal"))) {
            if (Files.deleteIfExists(p)) {
              deleted.add(p.getFileName().toString());
            }
          }
          Path staging = Path.of(db + ".staging");
          if (Files.exists(staging)) {
            deleteTree(staging);
            deleted.add(staging.getFileName() + "/");
          }
        }
        out.printf("  --fresh: starting over, %s%s%n", deleted.isEmpty() ? "nothing to delete" : "deleted " + String.join(", ", deleted),
            database.isPresent() ? "" : " (the warehouse's tables are left as they are)");
      }
      return config;
    }

    /** A DuckDB database in a local file, which {@code --fresh} may delete; empty for MotherDuck, memory and others. */
    Optional<Path> localDatabase(ObjectNode config) {
      String database = config.path("database").asText("");
      return dialect.equals("duckdb") && !database.isEmpty() && !database.startsWith("md:") && !database.equals(":memory:")
          ? Optional.of(Path.of(database)) : Optional.empty();
    }

    ObjectNode endpointConfig() throws IOException {
      if (config != null) {
        if (!Files.isRegularFile(config)) {
          throw new IllegalArgumentException("no config file " + config);
        }
        JsonNode node = JSON.readTree(config.toFile());
        if (!node.isObject()) {
          throw new IllegalArgumentException(config + " must hold a JSON object (the endpoint config)");
        }
        return (ObjectNode) node;
      }
      if (!dialect.equals("duckdb")) {
        throw new IllegalArgumentException("--dialect " + dialect + " needs --config FILE with the warehouse's endpoint config");
      }
      Path database = Path.of("target", "examples", exampleDir.toAbsolutePath().normalize().getFileName() + ".duckdb").toAbsolutePath();
      Files.createDirectories(database.getParent());
      return JSON.createObjectNode().put("database", database.toString()).put("hardDelete", true);
    }

    /**
     * Where {@code run} records the spec it applied, as Flow keeps a task's last publication: beside a local DuckDB
     * database, else under target/examples. {@code plan} and later runs send it as the last materialization, so the
     * tables that run created are the binding's own, not a foreign table a new binding would take over.
     */
    Path appliedRecord(ObjectNode config) {
      return record(config, "flowmat-applied.pb");
    }

    /** Where {@code run} records how far it read each collection: Flow's checkpoint, beside the applied spec. */
    Path checkpointRecord(ObjectNode config) {
      return record(config, "flowmat-checkpoint.pb");
    }

    private Path record(ObjectNode config, String suffix) {
      Optional<Path> database = localDatabase(config);
      if (database.isPresent()) {
        return Path.of(database.get() + "." + suffix);
      }
      return Path.of("target", "examples", exampleDir.toAbsolutePath().normalize().getFileName() + "." + dialect
          + "." + suffix).toAbsolutePath();
    }

    Optional<Flow.MaterializationSpec> lastApplied(ObjectNode config) throws IOException {
      Path record = appliedRecord(config);
      return Files.isRegularFile(record)
          ? Optional.of(Flow.MaterializationSpec.parseFrom(Files.readAllBytes(record)))
          : Optional.empty();
    }

    /**
     * The connector image: one process serving gRPC for every stream (closed with the returned connector), or with
     * {@code --transport stdio} a process per stream. Its stderr lines go to {@code events} (and are echoed with
     * --verbose); it logs at info, so that its transaction stats reach the summary.
     */
    Connector connector(Map<String, String> env, ConnectorEvents events) {
      Path home = home();
      Path launcher = home.resolve("bin").resolve("materialize-" + dialect);
      if (!Files.isExecutable(launcher)) {
        throw new IllegalArgumentException("no connector image for dialect '" + dialect + "' (" + launcher + ")");
      }
      java.util.Map<String, String> environment = new java.util.HashMap<>(env);
      environment.putIfAbsent("LOG_LEVEL", verbose ? "debug" : "info");
      List<String> command = List.of(launcher.toString());
      PrintWriter err = cli.commandLine().getErr();
      java.util.function.Consumer<String> sink = line -> {
        events.accept(line);
        if (verbose) {
          err.println("  | " + line);
        }
      };
      switch (transport) {
        case "grpc" -> {
          GrpcConnector grpc = new GrpcConnector(command, environment, home, sink);
          return new Connector(grpc.factory(), grpc);
        }
        case "stdio" -> {
          return new Connector(() -> ProcessChannel.start(command, environment, codec, home, sink), () -> { });
        }
        default -> throw new IllegalArgumentException("--transport takes grpc or stdio, not '" + transport + "'");
      }
    }

    /** The Spec of the connector, asked with the endpoint config; its resource config annotations. */
    ExampleCatalog.ResourceConfigKeys resourceConfigKeys(ConnectorChannel.Factory factory, ObjectNode config) throws Exception {
      Response spec = unary(factory, Request.newBuilder().setSpec(Request.Spec.newBuilder()
          .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
          .setConfigJson(com.google.protobuf.ByteString.copyFromUtf8(config.toString()))).build());
      if (!spec.hasSpec()) {
        throw new IllegalStateException("the " + dialect + " connector answered Spec with " + LocalRuntime.kindOf(spec));
      }
      return ExampleCatalog.ResourceConfigKeys.fromSpec(
          JSON.readTree(spec.getSpec().getResourceConfigSchemaJson().toStringUtf8()), dialect);
    }

    /** Spec probe then one unary request; returns its response. */
    Response unary(ConnectorChannel.Factory factory, Request request) throws Exception {
      try (ConnectorChannel channel = factory.start()) {
        channel.send(Request.newBuilder().setSpec(Request.Spec.newBuilder()
            .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
            .setConfigJson(com.google.protobuf.ByteString.copyFromUtf8("{}"))).build());
        channel.send(request);
        channel.closeInput();
        Response spec = channel.receive(TIMEOUT);
        Response answer = spec == null ? null : channel.receive(TIMEOUT);
        int exit = channel.awaitExit(TIMEOUT);
        if (exit != 0 || answer == null) {
          List<String> log = channel.stderr();
          String last = log.isEmpty() ? "no log output" : lastMessage(log.get(log.size() - 1));
          throw new IllegalStateException("the " + dialect + " connector failed " + LocalRuntime.kindOf(request) + ": " + last);
        }
        return answer;
      }
    }

    Response.Validated validate(ConnectorChannel.Factory factory, ExampleCatalog catalog, ObjectNode config,
        ExampleCatalog.ResourceConfigKeys keys) throws Exception {
      Request.Validate.Builder validate = catalog.validate(config, dialect, keys).toBuilder();
      lastApplied(config).ifPresent(validate::setLastMaterialization);
      return unary(factory, Request.newBuilder().setValidate(validate).build()).getValidated();
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Materialize an example's documents into a warehouse (a local DuckDB file by default).")
  static final class Run extends Common implements Callable<Integer> {
    @Option(names = "--shards", defaultValue = "1", description = "Split keys over N shards (they take turns on DuckDB).")
    int shards;

    @Option(names = "--txn-docs", defaultValue = "2000", description = "Documents per transaction (default ${DEFAULT-VALUE}).")
    int txnDocs;

    @Option(names = "--kill-at", paramLabel = "STEP",
        description = "Kill the connector at write:N (after the N-th message sent to it) or read:N (after its N-th"
            + " response), to watch it recover. Repeatable.")
    List<String> killAt = new ArrayList<>();

    @Option(names = "--sample-rows", defaultValue = "3", description = "Rows of each table to show at the end.")
    int sampleRows;

    @Option(names = "--fresh",
        description = "Start over: delete what earlier runs recorded (the applied spec, the checkpoint) and the local"
            + " DuckDB file with its staging.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = cli.commandLine().getOut();
      ExampleCatalog catalog = catalog();
      out.printf("flowmat run %s → %s%n", exampleDir, dialect);
      ObjectNode config = endpointConfig(fresh, out);
      if (config.has("database")) {
        out.printf("  database %s%n", config.path("database").asText());
      }
      ConnectorEvents events = new ConnectorEvents();
      if (localDatabase(config).isPresent()) {
        Summary.preload(); // the summary reads the file through DuckDB's driver: load its native library meanwhile
      }
      try (Connector connector = connector(Map.of(), events)) {
        return run(out, catalog, config, connector.factory(), events);
      }
    }

    private int run(PrintWriter out, ExampleCatalog catalog, ObjectNode config, ConnectorChannel.Factory connector,
        ConnectorEvents events) throws Exception {
      long started = System.nanoTime();
      ExampleCatalog.ResourceConfigKeys keys = resourceConfigKeys(connector, config);
      Optional<Flow.MaterializationSpec> last = lastApplied(config);
      Response.Validated validated = validate(connector, catalog, config, keys);
      for (int i = 0; i < validated.getBindingsCount(); i++) {
        Response.Validated.Binding b = validated.getBindings(i);
        out.printf("  validated %-28s %s, %d fields%s%n", String.join(".", b.getResourcePathList()),
            b.getDeltaUpdates() ? "delta updates" : "standard updates", b.getProjectionConstraintsCount(),
            last.isPresent() ? " (against the last applied spec)" : "");
      }
      Flow.MaterializationSpec spec = catalog.materialization(config, dialect, keys, validated, last);
      LocalRuntime.Builder builder = LocalRuntime.builder(spec, connector).shards(shards);
      last.ifPresent(builder::lastApplied);
      for (ExampleCatalog.Collection c : catalog.collections()) {
        builder.reduction(c.name(), c.reduction());
      }
      for (String k : killAt) {
        builder.killAt(killPoint(k));
      }
      Checkpoint checkpoint = Checkpoint.read(checkpointRecord(config), spec);
      long[] skip = checkpoint.offsets();
      long total = Transactions.count(catalog);
      long already = java.util.Arrays.stream(skip).sum();
      Progress progress = new Progress(cli.commandLine().getErr(), total - already);
      LocalRuntime runtime = builder.onCommit(progress::committed).build();
      List<String> applied = runtime.apply();
      Files.createDirectories(appliedRecord(config).toAbsolutePath().getParent());
      Files.write(appliedRecord(config), spec.toByteArray());
      long statements = applied.stream().flatMap(s -> s.lines()).filter(l -> l.endsWith(";")).count();
      out.printf("  applied %d statement(s) (see: flowmat plan %s)%n", statements, exampleDir);
      if (already > 0) {
        out.printf("  resuming: %,d of %,d documents were materialized by earlier runs (--fresh starts over)%n", already, total);
      }

      RunReport report = null;
      int kills = 0;
      int transactions = 0;
      long documents = 0;
      try (Transactions txns = new Transactions(catalog, txnDocs, skip)) {
        while (txns.hasNext()) {
          List<Transaction> batch = txns.next(8);
          long[] read = new long[skip.length];
          for (Transaction t : batch) {
            documents += t.documents().size();
            t.documents().forEach(d -> read[d.binding()]++);
          }
          report = runtime.run(batch);
          kills += report.kills();
          transactions += batch.size();
          checkpoint = checkpoint.advance(read);
          checkpoint.write(checkpointRecord(config)); // the batch committed on every shard: Flow's checkpoint moves
        }
      }
      progress.finish();
      double seconds = (System.nanoTime() - started) / 1e9;
      if (documents == 0) {
        out.printf("done in %.1f s: nothing new to read%n", seconds);
      } else {
        out.printf("done in %.1f s: %,d documents in %d transactions over %d shard(s), %,.0f documents/s%s%n",
            seconds, documents, transactions, shards, documents / seconds,
            kills > 0 ? ", " + kills + " kill(s) recovered" : "");
      }
      if (report != null && !report.loadMismatches().isEmpty()) {
        throw new IllegalStateException(report.loadMismatches().size() + " loaded documents differ from what was committed");
      }
      new Summary(out, dialect, config, spec, runtime, sampleRows, events).print();
      return 0;
    }
  }

  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = "Print the Validate constraints and the SQL Apply would run, reading the warehouse only.")
  static final class Plan extends Common implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      PrintWriter out = cli.commandLine().getOut();
      ExampleCatalog catalog = catalog();
      ObjectNode config = endpointConfig();
      out.print(plan(catalog, config));
      out.flush();
      return 0;
    }

    String plan(ExampleCatalog catalog, ObjectNode config) throws Exception {
      try (Connector c = connector(Map.of("FLOWMAT_DRY_RUN_APPLY", "true"), new ConnectorEvents())) {
        return plan(catalog, config, c.factory());
      }
    }

    private String plan(ExampleCatalog catalog, ObjectNode config, ConnectorChannel.Factory connector) throws Exception {
      StringBuilder text = new StringBuilder();
      ExampleCatalog.ResourceConfigKeys keys = resourceConfigKeys(connector, config);
      Optional<Flow.MaterializationSpec> last = lastApplied(config);
      Response.Validated validated = validate(connector, catalog, config, keys);
      for (int i = 0; i < validated.getBindingsCount(); i++) {
        Response.Validated.Binding b = validated.getBindings(i);
        text.append("-- binding ").append(i).append(": ").append(catalog.collections().get(i).name()).append(" → ")
            .append(String.join(".", b.getResourcePathList())).append(b.getDeltaUpdates() ? " (delta updates)" : "").append('\n');
        for (Response.Validated.ProjectionConstraint c : b.getProjectionConstraintsList()) {
          text.append(String.format(Locale.ROOT, "--   %-24s %-20s %s%n", c.getField(), c.getConstraint().getType(),
              c.getConstraint().getReason()));
        }
      }
      Flow.MaterializationSpec spec = catalog.materialization(config, dialect, keys, validated, last);
      Request.Apply.Builder apply = Request.Apply.newBuilder().setMaterialization(spec).setVersion("local");
      last.ifPresent(apply::setLastMaterialization);
      Response applied = unary(connector, Request.newBuilder().setApply(apply).build());
      String sql = applied.getApplied().getActionDescription();
      text.append("-- Apply would run:\n").append(sql.isEmpty() ? "-- nothing: the warehouse is up to date\n" : sql + "\n");
      return text.toString();
    }
  }

  /** A connector's channels, and what ends it (the gRPC process) when the command is done. */
  record Connector(ConnectorChannel.Factory factory, AutoCloseable closer) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      closer.close();
    }
  }

  /** The checkout whose bin/ holds the connector images: FLOWMAT_HOME (set by bin/flowmat), else above the cwd. */
  static Path home() {
    String env = System.getenv("FLOWMAT_HOME");
    if (env != null && !env.isEmpty()) {
      return Path.of(env);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("bin").resolve("connector"))) {
        return d;
      }
    }
    throw new IllegalStateException("cannot find the flowmat checkout (bin/connector): set FLOWMAT_HOME");
  }

  static KillPoint killPoint(String text) {
    String[] parts = text.split(":", 2);
    try {
      long n = Long.parseLong(parts[1]);
      return switch (parts[0]) {
        case "write" -> KillPoint.afterWrite(n);
        case "read" -> KillPoint.afterRead(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--kill-at takes write:N or read:N, not '" + text + "'");
    }
  }

  static String lastMessage(String logLine) {
    try {
      JsonNode line = JSON.readTree(logLine);
      return line.path("msg").asText(logLine);
    } catch (IOException e) {
      return logLine;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
