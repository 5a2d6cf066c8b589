package org.flowmat.runtime.session;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.connector.Opened;
import org.flowmat.core.connector.OpenRequest;
import org.flowmat.core.connector.Transactor;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.AckPacer;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.codec.MessageWriter;
import org.flowmat.runtime.logging.Secrets;
import org.flowmat.runtime.mapping.ProtoMapping;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One protocol stream, whatever carries it (stdio or a gRPC call): the state machine of Flow's materialization
 * protocol around one {@link MaterializationConnector}.
 *
 * <p>A single thread runs {@link #run()} and is the only writer of responses. Transports feed requests through
 * {@link RequestSink} from their own thread, and Acknowledge completions arrive as events on the same queue, so
 * Acknowledged is sent as soon as the previous transaction is applied even while no request is arriving, and Loads
 * of the next transaction are staged meanwhile but only evaluated at Flush, after Acknowledged.
 */
public final class Session implements RequestSink {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);
  private static final int MAX_QUEUED_REQUESTS = 1024;

  private enum Phase {
    /** Nothing read yet. Every stream opens with a Spec probe, but a unary request may also come first. */
    INITIAL,
    /** Answered a Spec: the stream may end, or carry the real request. */
    AFTER_SPEC,
    /** Answered a unary Validate, Apply or second Spec: only EOF may follow. */
    UNARY_DONE,
    /** Sent Opened: the first Acknowledge (of the recovered transaction) must come next. */
    OPENED,
    /** Read Acknowledge: Loads of the next transaction, then Flush. */
    LOADING,
    /** Read Flush while the Acknowledge was still being applied: Flushed waits for Acknowledged. */
    FLUSH_PENDING,
    /** Sent Flushed: Stores, then StartCommit. */
    STORING,
    /** Sent StartedCommit: the runtime commits its log, then sends Acknowledge. */
    COMMITTED
  }

  private sealed interface Event {}

  private record Incoming(Request request) implements Event {}

  private record InputEnded() implements Event {}

  private record InputFailed(Throwable cause) implements Event {}

  private record AckCompleted(Optional<ConnectorState> state, Throwable failure) implements Event {}

  /** The sync schedule's delay of an applied Acknowledge is over. */
  private record AckDue() implements Event {}

  /** An applied Acknowledge whose Acknowledged waits for the next sync time. */
  private record HeldAck(Optional<ConnectorState> state, Runnable cancel) {}

  private final MaterializationConnector connector;
  private final MessageWriter<Response> out;
  private final ValidatedForm validatedForm;
  private boolean dryRunApply;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Semaphore queuedRequests = new Semaphore(MAX_QUEUED_REQUESTS);
  private final java.util.ArrayDeque<Event> deferred = new java.util.ArrayDeque<>();

  private volatile Phase phase = Phase.INITIAL;
  private String lastUnary = "";
  private ConnectorSpec spec;
  private Transactor transactor;
  private int bindingCount;
  private boolean ackInFlight;
  private boolean closing;
  private long loadsThisTxn;
  private long storesThisTxn;
  private volatile long transactions;
  private Clock clock = Clock.systemUTC();
  private DelayScheduler scheduler = DelayScheduler.SYSTEM;
  private AckPacer pacer;
  private volatile HeldAck held;

  public Session(MaterializationConnector connector, MessageWriter<Response> out, ValidatedForm validatedForm) {
    this.connector = connector;
    this.out = out;
    this.validatedForm = validatedForm;
  }

  /** Answers Apply with the SQL it would run, without running it (for reviewing a plan). */
  public Session dryRunApply(boolean enabled) {
    this.dryRunApply = enabled;
    return this;
  }

  /** The clock and timer the sync schedule uses (tests drive both). */
  public Session scheduling(Clock clock, DelayScheduler scheduler) {
    this.clock = clock;
    this.scheduler = scheduler;
    return this;
  }

  @Override
  public void accept(Request request) throws InterruptedException {
    queuedRequests.acquire();
    events.add(new Incoming(request));
  }

  @Override
  public void end() {
    events.add(new InputEnded());
  }

  @Override
  public void fail(Throwable cause) {
    events.add(new InputFailed(cause));
  }

  /** Runs until the stream ends cleanly; throws on a protocol violation, bad input, or a connector failure. */
  public void run() throws Exception {
    try {
      while (true) {
        Event event = events.take();
        if (event instanceof Incoming in) {
          queuedRequests.release();
        }
        if (handle(event)) {
          return;
        }
      }
    } finally {
      if (transactor != null) {
        transactor.close();
      }
    }
  }

  /** Handles one event; returns true when the stream is over. */
  private boolean handle(Event event) throws Exception {
    if (event instanceof InputFailed failed && held != null) {
      // SIGTERM (or a broken transport) while waiting for the next sync: stop now, even with a Flush pending. The
      // apply is done; the next session's first Acknowledge finds it applied.
      held.cancel().run();
      held = null;
      throw asException(failed.cause());
    }
    if (event instanceof InputEnded && held != null) {
      // End of input cuts the sync wait short: the apply is done, so Acknowledged goes out now and the session ends.
      held.cancel().run();
      if (release()) {
        return true;
      }
    }
    if (phase == Phase.FLUSH_PENDING && !(event instanceof AckCompleted || event instanceof AckDue)) {
      // A peer that does not wait for Flushed (tests replaying a recording do this) sees the same responses:
      // what it sent is handled once Flushed is out.
      deferred.add(event);
      return false;
    }
    if (event instanceof Incoming in) {
      onRequest(in.request());
    } else if (event instanceof InputEnded) {
      return onEnd();
    } else if (event instanceof InputFailed failed) {
      throw asException(failed.cause());
    } else if (event instanceof AckCompleted done) {
      if (done.failure() != null) {
        throw asException(done.failure());
      }
      Duration delay = closing ? Duration.ZERO : pacer.delay();
      if (!delay.isZero()) {
        held = new HeldAck(done.state(), scheduler.schedule(delay, () -> events.add(new AckDue())));
        return false;
      }
      return acknowledged(done.state());
    } else if (event instanceof AckDue) {
      if (held != null) {
        return release();
      }
    }
    return false;
  }

  private boolean release() throws Exception {
    Optional<ConnectorState> state = held.state();
    held = null;
    return acknowledged(state);
  }

  /** Sends Acknowledged, then what waited for it; returns true when the stream is over. */
  private boolean acknowledged(Optional<ConnectorState> state) throws Exception {
    onAcknowledged(state);
    if (closing) {
      return true;
    }
    while (phase != Phase.FLUSH_PENDING && !deferred.isEmpty()) {
      if (handle(deferred.poll())) {
        return true;
      }
    }
    return false;
  }

  private void onRequest(Request request) throws Exception {
    String kind = kindOf(request);
    switch (phase) {
      case INITIAL, AFTER_SPEC -> {
        if (request.hasSpec()) {
          spec = connector.spec();
          out.write(ProtoMapping.spec(spec));
          lastUnary = "Spec";
          phase = phase == Phase.INITIAL ? Phase.AFTER_SPEC : Phase.UNARY_DONE;
        } else if (request.hasValidate()) {
          ValidateRequest validate = ProtoMapping.validate(request.getValidate());
          registerSecrets(validate.config());
          out.write(ProtoMapping.validated(connector.validate(validate), validatedForm == ValidatedForm.WITH_LEGACY_MAP));
          lastUnary = "Validated";
          phase = Phase.UNARY_DONE;
        } else if (request.hasApply()) {
          ApplyRequest apply = ProtoMapping.apply(request.getApply());
          registerSecrets(apply.materialization().config());
          out.write(ProtoMapping.applied(dryRunApply ? connector.planApply(apply) : connector.apply(apply)));
          lastUnary = "Applied";
          phase = Phase.UNARY_DONE;
        } else if (request.hasOpen()) {
          open(request.getOpen());
        } else {
          throw violation("expected Spec, Validate, Apply or Open to start the stream", kind);
        }
      }
      case UNARY_DONE -> throw violation("expected EOF after the unary " + lastUnary + " response", kind);
      case OPENED -> {
        if (!request.hasAcknowledge()) {
          throw violation("expected Acknowledge after Opened", kind);
        }
        startAcknowledge();
      }
      case LOADING -> {
        if (request.hasLoad()) {
          Request.Load load = request.getLoad();
          checkBinding("Load", load.getBinding());
          transactor.load(load.getBinding(), PackedTuple.wrap(load.getKeyPacked().toByteArray()));
          loadsThisTxn++;
        } else if (request.hasFlush()) {
          if (ackInFlight) {
            phase = Phase.FLUSH_PENDING; // Flushed must follow Acknowledged; finish when the apply completes.
          } else {
            flush();
          }
        } else if (request.hasAcknowledge()) {
          throw violation("duplicate Acknowledge: expected Load or Flush", kind);
        } else {
          throw violation("expected Load or Flush after Acknowledge", kind);
        }
      }
      case FLUSH_PENDING -> throw new IllegalStateException("requests are deferred while Flushed is pending");
      case STORING -> {
        if (request.hasStore()) {
          checkBinding("Store", request.getStore().getBinding());
          transactor.store(ProtoMapping.store(request.getStore()));
          storesThisTxn++;
        } else if (request.hasStartCommit()) {
          Optional<ConnectorState> state =
              transactor.startCommit(request.getStartCommit().getRuntimeCheckpoint().toByteArray());
          Response.StartedCommit.Builder started = Response.StartedCommit.newBuilder();
          state.ifPresent(s -> started.setState(ProtoMapping.state(s)));
          out.write(Response.newBuilder().setStartedCommit(started).build());
          LOG.atDebug()
              .addKeyValue("loads", loadsThisTxn)
              .addKeyValue("stores", storesThisTxn)
              .log("started commit");
          transactions++;
          pacer.committed(storesThisTxn);
          phase = Phase.COMMITTED;
        } else {
          throw violation("expected Store or StartCommit after Flushed", kind);
        }
      }
      case COMMITTED -> {
        if (!request.hasAcknowledge()) {
          throw violation("expected Acknowledge after StartedCommit", kind);
        }
        startAcknowledge();
      }
    }
  }

  /** Returns true when the stream is over; false when it must first wait for an Acknowledge in flight. */
  private boolean onEnd() {
    switch (phase) {
      case AFTER_SPEC, UNARY_DONE -> {
        return true;
      }
      case LOADING -> {
        if (loadsThisTxn > 0) {
          throw violation("expected Flush after " + loadsThisTxn + " Loads", "EOF");
        }
        // Clean shutdown right after an Acknowledge: send Acknowledged once the apply finishes.
        closing = true;
        return !ackInFlight;
      }
      case COMMITTED -> {
        // Newer runtimes end a session after the last commit without an Acknowledge; the plan is in Flow's log
        // and the next session applies it.
        return true;
      }
      case INITIAL -> throw violation("expected a request", "EOF");
      case FLUSH_PENDING -> throw new IllegalStateException("EOF is deferred while Flushed is pending");
      case OPENED -> throw violation("expected Acknowledge after Opened", "EOF");
      case STORING -> throw violation("expected Store or StartCommit after Flushed", "EOF");
      default -> throw new IllegalStateException(phase.name());
    }
  }

  private void open(Request.Open request) throws Exception {
    OpenRequest open = ProtoMapping.open(request);
    registerSecrets(open.materialization().config());
    bindingCount = open.materialization().bindings().size();
    Opened opened = connector.open(open);
    transactor = opened.transactor();
    pacer = new AckPacer(opened.syncSchedule(), clock);
    Response.Opened.Builder response = Response.Opened.newBuilder();
    if (opened.disableLoadOptimization()) {
      response.setDisableLoadOptimization(true);
    }
    out.write(Response.newBuilder().setOpened(response).build());
    LOG.atInfo()
        .addKeyValue("eventType", "connectorStatus")
        .addKeyValue("materialization", open.materialization().name())
        .addKeyValue("keyBegin", open.range().prefix())
        .log("Running");
    phase = Phase.OPENED;
  }

  private void startAcknowledge() throws Exception {
    ackInFlight = true;
    loadsThisTxn = 0;
    storesThisTxn = 0;
    phase = Phase.LOADING;
    CompletionStage<Optional<ConnectorState>> stage = transactor.acknowledge();
    stage.whenComplete((state, failure) -> events.add(new AckCompleted(state, failure)));
  }

  private void onAcknowledged(Optional<ConnectorState> state) throws Exception {
    ackInFlight = false;
    Response.Acknowledged.Builder acknowledged = Response.Acknowledged.newBuilder();
    state.ifPresent(s -> acknowledged.setState(ProtoMapping.state(s)));
    out.write(Response.newBuilder().setAcknowledged(acknowledged).build());
    pacer.acknowledged();
    if (phase == Phase.FLUSH_PENDING) {
      flush();
    }
  }

  private void flush() throws Exception {
    Optional<ConnectorState> state =
        transactor.flush(
            (binding, doc) ->
                out.write(
                    Response.newBuilder()
                        .setLoaded(
                            Response.Loaded.newBuilder()
                                .setBinding(binding)
                                .setDocJson(ByteString.copyFrom(doc.bytes())))
                        .build()));
    Response.Flushed.Builder flushed = Response.Flushed.newBuilder();
    state.ifPresent(s -> flushed.setState(ProtoMapping.state(s)));
    out.write(Response.newBuilder().setFlushed(flushed).build());
    phase = Phase.STORING;
  }

  private void checkBinding(String kind, int binding) {
    if (binding < 0 || binding >= bindingCount) {
      throw new ProtocolViolation(
          kind
              + " names binding "
              + Integer.toUnsignedString(binding)
              + ", but the materialization has "
              + bindingCount
              + " binding(s)");
    }
  }

  private void registerSecrets(com.fasterxml.jackson.databind.JsonNode config) {
    if (spec == null) {
      spec = connector.spec();
    }
    Secrets.registerFrom(spec.configSchema(), config);
  }

  public long transactions() {
    return transactions;
  }

  /**
   * How far the stream got, for the last line of a process stopped from outside (SIGTERM): what the next session
   * will find. Read from another thread, so only an indication.
   */
  public String progress() {
    if (held != null) {
      return transactions + " transaction(s) committed and the last one applied; its Acknowledged was waiting for the"
          + " next sync time";
    }
    return switch (phase) {
      case INITIAL, AFTER_SPEC, UNARY_DONE -> "no transaction had started";
      case OPENED -> "opened; the recovered transaction is applied by the next session";
      case COMMITTED -> transactions + " transaction(s) committed; the last one's plan is in Flow's checkpoint and"
          + " the next session applies it";
      case LOADING, FLUSH_PENDING, STORING -> transactions + " transaction(s) committed; the one in progress was not,"
          + " and Flow sends it again";
    };
  }

  private static ProtocolViolation violation(String expected, String actual) {
    return new ProtocolViolation(expected + ", but read " + actual);
  }

  /** The name of the one message a request carries, for errors; requests must set exactly one. */
  static String kindOf(Request r) {
    String kind = null;
    String second = null;
    int count = 0;
    for (int i = 0; i < 9; i++) {
      boolean set =
          switch (i) {
            case 0 -> r.hasSpec();
            case 1 -> r.hasValidate();
            case 2 -> r.hasApply();
            case 3 -> r.hasOpen();
            case 4 -> r.hasLoad();
            case 5 -> r.hasFlush();
            case 6 -> r.hasStore();
            case 7 -> r.hasStartCommit();
            default -> r.hasAcknowledge();
          };
      if (set) {
        String name = MESSAGE_NAMES[i];
        if (count++ == 0) {
          kind = name;
        } else {
          second = name;
        }
      }
    }
    if (count == 0) {
      throw new ProtocolViolation("a request carries no message (none of spec … acknowledge is set)");
    }
    if (count > 1) {
      throw new ProtocolViolation("a request carries more than one message: " + kind + " and " + second);
    }
    return kind;
  }

  private static final String[] MESSAGE_NAMES = {
    "Spec", "Validate", "Apply", "Open", "Load", "Flush", "Store", "StartCommit", "Acknowledge"
  };

  private static Exception asException(Throwable t) {
    if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof Exception e ? e : new RuntimeException(t);
  }
}
