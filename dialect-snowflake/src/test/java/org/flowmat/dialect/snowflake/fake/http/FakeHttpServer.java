package org.flowmat.dialect.snowflake.fake.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.flowmat.dialect.snowflake.fake.faults.Fault;
import org.flowmat.dialect.snowflake.fake.faults.Faults;
import org.flowmat.dialect.snowflake.fake.query.Column;
import org.flowmat.dialect.snowflake.fake.query.QueryEngine;
import org.flowmat.dialect.snowflake.fake.query.QueryResult;
import org.flowmat.dialect.snowflake.fake.query.Session;
import org.flowmat.dialect.snowflake.fake.query.SnowflakeError;

/**
 * The HTTP side of the fake: the REST routes snowflake-jdbc calls (login-request, token-request, session delete,
 * heartbeat, query-request, abort-request, telemetry), session tokens, fault injection and the request log. Every
 * answer is a final JSON one (no async "query in progress", no Arrow, no result chunks).
 */
public final class FakeHttpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who may log in: users with a password, users with a public key (key-pair JWT). Names in upper case. */
  public record Users(Map<String, String> passwords, Map<String, PublicKey> publicKeys) {}

  private record Tokens(Session session, String masterToken) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final QueryEngine engine;
  private final String account;
  private final Users users;
  private final Faults faults;
  private final Map<String, Tokens> sessionTokens = new ConcurrentHashMap<>();
  private final Map<String, Session> masterTokens = new ConcurrentHashMap<>();
  private final List<RequestRecord> log = new ArrayList<>();
  private final AtomicLong sessionIds = new AtomicLong(1000);
  private final SecureRandom random = new SecureRandom();

  public FakeHttpServer(QueryEngine engine, String account, Users users, Faults faults, int port) throws IOException {
    this.engine = engine;
    this.account = account;
    this.users = users;
    this.faults = faults;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "snowflake-fake-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<RequestRecord> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  public void clearRequests() {
    synchronized (log) {
      log.clear();
    }
  }

  /** Sessions currently open (logged in, not deleted). */
  public int openSessions() {
    return (int) sessionTokens.values().stream().map(Tokens::session).distinct().count();
  }

  private void handle(HttpExchange ex) throws IOException {
    long start = System.nanoTime();
    String path = ex.getRequestURI().getPath();
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    byte[] body = body(ex);
    String route = switch (path) {
      case "/session/v1/login-request" -> "login-request";
      case "/session/token-request" -> "token-request";
      case "/session/heartbeat" -> "heartbeat";
      case "/session" -> "true".equals(query.get("delete")) ? "session-delete" : "session";
      case "/queries/v1/query-request" -> "query-request";
      case "/queries/v1/abort-request" -> "abort-request";
      case "/telemetry/send" -> "telemetry";
      default -> path.matches("/queries/[^/]+/result") ? "query-result" : "unknown";
    };
    Outcome outcome;
    try {
      outcome = switch (route) {
        case "login-request" -> login(ex, query, body);
        case "token-request" -> renew(ex, body);
        case "heartbeat" -> authenticated(ex).map(s -> ok(null)).orElseGet(FakeHttpServer::sessionGone);
        case "session-delete" -> deleteSession(ex);
        case "query-request" -> query(ex, body);
        case "abort-request", "telemetry" -> ok(null);
        case "query-result" -> queryResult(ex, path);
        default -> new Outcome(404, "{\"success\":false,\"message\":\"no such route in the Snowflake fake: "
            + path.replace("\"", "") + "\"}", null, null, null);
      };
    } catch (Dropped d) {
      record(route, d.sql, 0, null, null, body.length, start);
      throw d; // the JDK server closes the connection without answering
    }
    record(route, outcome.sql, outcome.status, outcome.errorCode, outcome.queryTag, body.length, start);
    byte[] bytes = outcome.body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(outcome.status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Outcome(int status, String body, String sql, String errorCode, String queryTag) {}

  /** Thrown to make the JDK server drop the connection. */
  private static final class Dropped extends RuntimeException {
    final String sql;

    Dropped(String sql) {
      super("connection dropped by fault injection", null, false, false);
      this.sql = sql;
    }
  }

  private void record(String route, String sql, int status, String code, String tag, long bytes, long start) {
    if (Boolean.getBoolean("snowflake.fake.trace")) {
      System.err.println("snowflake fake: " + route + " -> " + status + (code == null ? "" : " code " + code)
          + (sql == null ? "" : ": " + sql));
    }
    synchronized (log) {
      log.add(new RequestRecord(route, sql, status, code, tag, bytes, (System.nanoTime() - start) / 1_000_000));
    }
  }

  // ---- login and tokens ----

  private Outcome login(HttpExchange ex, Map<String, String> query, byte[] body) throws IOException {
    Optional<Fault> fault = faults.next(Faults.Route.LOGIN);
    if (fault.isPresent() && fault.get() instanceof Fault.HttpStatus h) {
      return new Outcome(h.status(), "", null, null, null);
    }
    JsonNode data = JSON.readTree(body).path("data");
    String user = data.path("LOGIN_NAME").asText("").toUpperCase(Locale.ROOT);
    String accountName = data.path("ACCOUNT_NAME").asText("");
    if (!accountName.equalsIgnoreCase(account)) {
      return error("390100", "08004", "Incorrect username or password was specified.", null);
    }
    String authenticator = data.path("AUTHENTICATOR").asText("SNOWFLAKE");
    if (authenticator.equalsIgnoreCase("SNOWFLAKE_JWT")) {
      PublicKey key = users.publicKeys().get(user);
      String problem = key == null ? "no public key for user " + user
          : KeyPairAuth.problem(data.path("TOKEN").asText(""), accountName, user, key);
      if (problem != null) {
        System.err.println("snowflake fake: key-pair login of " + user + " refused: " + problem);
        return error("390144", "08004", "JWT token is invalid.", null);
      }
    } else {
      String password = users.passwords().get(user);
      if (password == null || !password.equals(data.path("PASSWORD").asText(null))) {
        return error("390100", "08004", "Incorrect username or password was specified.", null);
      }
    }
    String role = query.get("roleName");
    if (role != null && !engine.roleExists(role)) {
      return error("390189", "08004", "Role '" + role.toUpperCase(Locale.ROOT)
          + "' specified in the connect string does not exist or not authorized. Contact your local system administrator, "
          + "or attempt to login with another role, e.g. PUBLIC.", null);
    }
    long id = sessionIds.incrementAndGet();
    Session s = engine.openSession(id, user, query.get("databaseName"), query.get("schemaName"), query.get("warehouse"),
        role == null ? "PUBLIC" : role.toUpperCase(Locale.ROOT));
    JsonNode sessionParameters = data.path("SESSION_PARAMETERS");
    if (sessionParameters.isObject()) {
      // Connection properties the driver does not know itself (QUERY_TAG, TIMEZONE ...) arrive as session parameters.
      Map<String, String> given = new HashMap<>();
      sessionParameters.fields().forEachRemaining(e -> given.put(e.getKey().toUpperCase(Locale.ROOT), e.getValue().asText()));
      engine.setSessionParameters(s, given);
    }
    String token = token("ST");
    String master = token("MT");
    sessionTokens.put(token, new Tokens(s, master));
    masterTokens.put(master, s);
    ObjectNode out = JSON.createObjectNode();
    out.put("token", token);
    out.put("masterToken", master);
    out.put("validityInSeconds", 3600);
    out.put("masterValidityInSeconds", 14400);
    out.put("sessionId", id);
    out.put("serverVersion", "9.0.0");
    out.put("displayUserName", user);
    out.put("firstLogin", false);
    out.put("healthCheckInterval", 45);
    ArrayNode params = out.putArray("parameters");
    param(params, "AUTOCOMMIT", true);
    param(params, "CLIENT_TELEMETRY_ENABLED", false);
    param(params, "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD", 0);
    param(params, "CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", 3600);
    param(params, "TIMEZONE", "UTC");
    ObjectNode info = out.putObject("sessionInfo");
    info.put("databaseName", s.database().orElse(null));
    info.put("schemaName", s.schema().orElse(null));
    info.put("warehouseName", s.warehouse().orElse(null));
    info.put("roleName", s.role().orElse(null));
    return ok(out);
  }

  private static void param(ArrayNode params, String name, Object value) {
    ObjectNode p = params.addObject();
    p.put("name", name);
    p.set("value", JSON.valueToTree(value));
  }

  private String token(String kind) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return "fake-" + kind + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Token renewal after 390112: the master token in the Authorization header gets a new session token. */
  private Outcome renew(HttpExchange ex, byte[] body) throws IOException {
    String master = bearer(ex);
    Session s = master == null ? null : masterTokens.get(master);
    if (s == null) {
      return error("390114", "08001", "Authentication token has expired.  The user must authenticate again.", null);
    }
    JsonNode req = JSON.readTree(body);
    String old = req.path("oldSessionToken").asText("");
    sessionTokens.remove(old);
    String token = token("ST");
    sessionTokens.put(token, new Tokens(s, master));
    ObjectNode out = JSON.createObjectNode();
    out.put("sessionToken", token);
    out.put("validityInSecondsST", 3600);
    out.put("masterToken", master);
    out.put("validityInSecondsMT", 14400);
    out.put("sessionId", s.id);
    return ok(out);
  }

  private Outcome deleteSession(HttpExchange ex) {
    String token = bearer(ex);
    Tokens t = token == null ? null : sessionTokens.remove(token);
    if (t != null) {
      masterTokens.remove(t.masterToken());
      sessionTokens.values().removeIf(x -> x.session() == t.session());
      t.session().close();
    }
    return ok(null);
  }

  private Optional<Session> authenticated(HttpExchange ex) {
    String token = bearer(ex);
    Tokens t = token == null ? null : sessionTokens.get(token);
    return Optional.ofNullable(t).map(Tokens::session);
  }

  private static Outcome sessionGone() {
    return error("390111", "08001", "Session no longer exists.  New login required to access the service.", null);
  }

  private static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null) {
      return null;
    }
    int a = h.indexOf("Token=\"");
    if (a < 0) {
      return null;
    }
    int b = h.indexOf('"', a + 7);
    return b < 0 ? null : h.substring(a + 7, b);
  }

  // ---- queries ----

  private Outcome query(HttpExchange ex, byte[] body) throws IOException {
    JsonNode req = JSON.readTree(body);
    String sql = req.path("sqlText").asText("");
    Optional<Fault> fault = faults.next(Faults.Route.QUERY);
    if (fault.isPresent()) {
      Fault f = fault.get();
      if (f instanceof Fault.HttpStatus h) {
        return new Outcome(h.status(), "", sql, null, null);
      }
      if (f instanceof Fault.SessionExpired) {
        String token = bearer(ex);
        if (token != null) {
          sessionTokens.remove(token);
        }
        return error("390112", "08001", "Your session has expired. Please login again.", sql);
      }
      if (f instanceof Fault.DropConnection d && !d.afterExecuting()) {
        throw new Dropped(sql);
      }
    }
    Optional<Session> session = authenticated(ex);
    if (session.isEmpty()) {
      Outcome gone = sessionGone();
      return new Outcome(gone.status, gone.body, sql, "390111", null);
    }
    Session s = session.get();
    String tag = s.parameters().getOrDefault("QUERY_TAG", null);
    String queryId = UUID.randomUUID().toString();
    Outcome outcome;
    try {
      QueryResult result = req.path("describeOnly").asBoolean(false)
          ? engine.describe(s, sql)
          : engine.execute(s, sql, req.get("bindings"));
      outcome = new Outcome(200, JSON.writeValueAsString(response(result, s, queryId)), sql, null,
          s.parameters().getOrDefault("QUERY_TAG", tag));
    } catch (SnowflakeError e) {
      Outcome err = error(e.code(), e.sqlState(), e.getMessage(), sql, queryId);
      outcome = new Outcome(err.status, err.body, sql, e.code(), tag);
    } catch (RuntimeException e) {
      Outcome err = error("100000", "XX000", "Internal error in the local Snowflake fake: " + e, sql, queryId);
      outcome = new Outcome(err.status, err.body, sql, "100000", tag);
    }
    if (fault.isPresent() && fault.get() instanceof Fault.DropConnection) {
      throw new Dropped(sql);
    }
    if (fault.isPresent() && fault.get() instanceof Fault.InProgress p) {
      pending.put(queryId, new Pending(outcome, new AtomicInteger(p.polls() - 1)));
      return new Outcome(200, inProgress(queryId), sql, "333333", tag);
    }
    if (fault.isPresent() && fault.get() instanceof Fault.Slow slow) {
      try {
        Thread.sleep(slow.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return outcome;
  }

  /** A statement answered "in progress": its final outcome, and how many more polls answer in progress. */
  private record Pending(Outcome outcome, AtomicInteger pollsLeft) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private static String inProgress(String queryId) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode data = out.putObject("data");
    data.put("queryId", queryId);
    data.put("getResultUrl", "/queries/" + queryId + "/result");
    out.put("code", "333333");
    out.put("message", "Query execution in progress. Query will be continued to be executed asynchronously.");
    out.put("success", true);
    return out.toString();
  }

  /** GET /queries/{id}/result: the driver polling a statement answered "in progress". */
  private Outcome queryResult(HttpExchange ex, String path) {
    if (authenticated(ex).isEmpty()) {
      return sessionGone();
    }
    String queryId = path.substring("/queries/".length(), path.length() - "/result".length());
    Pending p = pending.get(queryId);
    if (p == null) {
      return error("000709", "02000", "Statement " + queryId + " not found", null, queryId);
    }
    if (p.pollsLeft().getAndDecrement() > 0) {
      return new Outcome(200, inProgress(queryId), p.outcome().sql(), "333333", null);
    }
    pending.remove(queryId);
    return p.outcome();
  }

  private static ObjectNode response(QueryResult r, Session s, String queryId) {
    ObjectNode data = JSON.createObjectNode();
    data.putArray("parameters");
    ArrayNode rowtype = data.putArray("rowtype");
    for (Column c : r.columns()) {
      ObjectNode col = rowtype.addObject();
      col.put("name", c.name());
      col.put("database", s.database().orElse(""));
      col.put("schema", s.schema().orElse(""));
      col.put("table", "");
      col.put("type", c.type());
      col.put("nullable", c.nullable());
      col.put("precision", c.precision());
      col.put("scale", c.scale());
      col.put("length", c.length());
      col.put("byteLength", c.length());
      col.put("collation", (String) null);
    }
    ArrayNode rowset = data.putArray("rowset");
    for (List<String> row : r.rows()) {
      ArrayNode a = rowset.addArray();
      row.forEach(a::add);
    }
    data.put("total", r.rows().size());
    data.put("returned", r.rows().size());
    data.put("queryId", queryId);
    data.put("databaseProvider", (String) null);
    data.put("finalDatabaseName", s.database().orElse(null));
    data.put("finalSchemaName", s.schema().orElse(null));
    data.put("finalWarehouseName", s.warehouse().orElse(null));
    data.put("finalRoleName", s.role().orElse(null));
    data.put("numberOfBinds", 0);
    data.put("statementTypeId", r.type().id);
    data.put("version", 1);
    data.put("sendResultTime", System.currentTimeMillis());
    data.put("queryResultFormat", "json");
    r.extra().forEach((k, v) -> data.set(k, JSON.valueToTree(v)));
    ObjectNode out = JSON.createObjectNode();
    out.set("data", data);
    out.putNull("code");
    out.putNull("message");
    out.put("success", true);
    return out;
  }

  private static Outcome ok(JsonNode data) {
    ObjectNode out = JSON.createObjectNode();
    out.set("data", data == null ? JSON.nullNode() : data);
    out.putNull("code");
    out.putNull("message");
    out.put("success", true);
    return new Outcome(200, out.toString(), null, null, null);
  }

  private static Outcome error(String code, String sqlState, String message, String sql) {
    return error(code, sqlState, message, sql, null);
  }

  private static Outcome error(String code, String sqlState, String message, String sql, String queryId) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode data = out.putObject("data");
    data.put("errorCode", code);
    data.put("sqlState", sqlState);
    data.put("queryId", queryId);
    out.put("code", code);
    out.put("message", message);
    out.put("success", false);
    return new Outcome(200, out.toString(), sql, code, null);
  }

  // ---- HTTP helpers ----

  private static byte[] body(HttpExchange ex) throws IOException {
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readAllBytes();
    }
    String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (enc != null && enc.toLowerCase(Locale.ROOT).contains("gzip") || raw.length > 2 && (raw[0] & 0xff) == 0x1f
        && (raw[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        return in.readAllBytes();
      }
    }
    return raw;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    sessionTokens.values().stream().map(Tokens::session).distinct().forEach(Session::close);
    sessionTokens.clear();
    masterTokens.clear();
  }
}
