package org.flowmat.dialect.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A loopback BigQuery (REST v2) and GCS (JSON API) on one port of 127.0.0.1, executing on an embedded DuckDB. The real
 * google-cloud-bigquery and google-cloud-storage clients reach it with {@code setHost(fake.url())} and
 * {@code NoCredentials}. See README.md next to this class for what it covers.
 */
public final class FakeBigQuery implements AutoCloseable {
  /** One answered request, for tests and benchmarks (jobs per transaction, bytes staged). */
  public record Request(String method, String httpMethod, String path, String query, int status, long requestBytes) {}

  private final String project;
  private final String location;
  private final Path root;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Warehouse warehouse;
  private final FakeGcs gcs;
  private final FakeBigQueryApi bigQuery;
  private final Faults faults;
  private final List<Request> requests = new ArrayList<>();

  private FakeBigQuery(String project, String location) throws IOException, SQLException {
    this.project = project;
    this.location = location;
    this.root = Files.createTempDirectory("fake-bigquery-");
    this.faults = new Faults();
    this.warehouse = new Warehouse(project, location, faults);
    this.gcs = new FakeGcs(root, location);
    this.bigQuery = new FakeBigQueryApi(warehouse, gcs, faults);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "fake-bigquery-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a fake for {@code project} whose datasets and buckets default to {@code location} (e.g. "US"). */
  public static FakeBigQuery start(String project, String location) {
    try {
      return new FakeBigQuery(project, location);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("starting DuckDB for the BigQuery fake", e);
    }
  }

  /** The root URL both clients take as their host: http://127.0.0.1:PORT */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The BigQuery API base path, as Estuary's connector takes it in advanced.endpoint. */
  public String bigQueryEndpoint() {
    return url() + "/bigquery/v2/";
  }

  public String project() {
    return project;
  }

  public String location() {
    return location;
  }

  public Faults faults() {
    return faults;
  }

  /** Creates a staging bucket in the fake GCS. */
  public FakeBigQuery bucket(String name, String bucketLocation) {
    gcs.createBucket(name, bucketLocation);
    return this;
  }

  /** Creates a dataset, as datasets.insert does. */
  public FakeBigQuery createDataset(String dataset, String datasetLocation) {
    try {
      warehouse.createDataset(dataset, datasetLocation, null, false);
    } catch (SQLException e) {
      throw new IllegalStateException("creating dataset " + dataset, e);
    }
    return this;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public long count(String method) {
    return requests().stream().filter(r -> r.method().equals(method)).count();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      warehouse.close();
    } catch (SQLException ignored) {
      // closing an in-memory database
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory
    }
  }

  private void handle(HttpExchange exchange) {
    Http http = new Http(exchange);
    String method = "unknown";
    int status = 500;
    long bytes = 0;
    try {
      Optional<String> bq = FakeBigQueryApi.methodOf(http.method, http.path);
      Optional<String> storage = FakeGcs.methodOf(http.method, http.path, http.query);
      if (http.path.equals("/token")) {
        // OAuth token endpoint for the made-up service-account key of FakeBigQueryMain; every token is accepted.
        method = "oauth2.token";
        status = 200;
        http.send(200, Http.JSON.createObjectNode().put("access_token", "fake-token").put("expires_in", 3600)
            .put("token_type", "Bearer"));
        return;
      }
      if (http.path.startsWith("/fake/v1/")) {
        method = "fake.control";
        status = control(http);
        return;
      }
      if (bq.isEmpty() && storage.isEmpty()) {
        throw ApiException.notFound("Not found: " + http.method + " " + http.path);
      }
      method = bq.orElseGet(storage::get);
      bytes = http.body().length;
      Optional<Faults.HttpFault> before = faults.take(method, false);
      if (before.isPresent()) {
        Faults.HttpFault f = before.get();
        throw new ApiException(f.code(), f.reason(), f.message());
      }
      Optional<Faults.HttpFault> after = faults.take(method, true);
      if (after.isPresent()) {
        // The request takes effect and its answer is lost: what a client sees when a response never arrives.
        http.discard = true;
        dispatch(http, method, bq.isPresent());
        http.discard = false;
        Faults.HttpFault f = after.get();
        throw new ApiException(f.code(), f.reason(), f.message());
      }
      dispatch(http, method, bq.isPresent());
      status = exchange.getResponseCode();
    } catch (ApiException e) {
      status = e.code;
      try {
        http.sendError(e);
      } catch (IOException ignored) {
        // the client went away
      }
    } catch (Exception e) {
      status = 500;
      try {
        http.sendError(new ApiException(500, "internalError", "BigQuery fake failure: " + e));
      } catch (IOException ignored) {
        // the client went away
      }
    } finally {
      synchronized (requests) {
        requests.add(new Request(method, http.method, http.path, exchange.getRequestURI().getRawQuery(), status, bytes));
      }
    }
  }

  private void dispatch(Http http, String method, boolean bigQueryMethod) throws Exception {
    if (bigQueryMethod) {
      bigQuery.handle(http, method);
    } else {
      gcs.handle(http, method);
    }
  }

  /**
   * The fault API for a fake run on its own: POST /fake/v1/faults {"method","times","code","reason","message",
   * "afterEffect"} or {"slowJobs":{"jobs","pendingPolls","runningPolls"}} or {"failJobs":{"jobs","reason","message"}};
   * DELETE /fake/v1/faults; GET /fake/v1/requests (the request log).
   */
  private int control(Http http) throws IOException {
    if (http.path.equals("/fake/v1/faults") && http.method.equals("POST")) {
      JsonNode b = http.json();
      if (b.has("slowJobs")) {
        JsonNode s = b.get("slowJobs");
        faults.slowJobs(s.path("jobs").asInt(1), s.path("pendingPolls").asInt(0), s.path("runningPolls").asInt(0));
      } else if (b.has("failJobs")) {
        JsonNode s = b.get("failJobs");
        faults.failNextJobs(s.path("jobs").asInt(1), s.path("reason").asText("backendError"),
            s.path("message").asText("Backend error. Job aborted."));
      } else {
        faults.failNext(b.path("method").asText("*"), b.path("times").asInt(1), b.path("code").asInt(503),
            b.path("reason").asText("backendError"), b.path("message").asText("The service is currently unavailable."),
            b.path("afterEffect").asBoolean(false));
      }
      http.send(200, Http.JSON.createObjectNode().put("armed", true));
      return 200;
    }
    if (http.path.equals("/fake/v1/faults") && http.method.equals("DELETE")) {
      faults.clear();
      http.send(204, null, new byte[0]);
      return 204;
    }
    if (http.path.equals("/fake/v1/requests") && http.method.equals("GET")) {
      ObjectNode out = Http.JSON.createObjectNode();
      ArrayNode arr = out.putArray("requests");
      for (Request r : requests()) {
        arr.addObject().put("method", r.method()).put("httpMethod", r.httpMethod()).put("path", r.path()).put("query", r.query())
            .put("status", r.status()).put("requestBytes", r.requestBytes());
      }
      http.send(200, out);
      return 200;
    }
    throw ApiException.notFound("Not found: " + http.path);
  }
}
