package org.flowmat.dialect.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.flowmat.dialect.bigquery.fake.GoogleSql.Column;
import org.flowmat.dialect.bigquery.fake.GoogleSql.Partitioning;
import org.flowmat.dialect.bigquery.fake.Warehouse.External;
import org.flowmat.dialect.bigquery.fake.Warehouse.Field;
import org.flowmat.dialect.bigquery.fake.Warehouse.Micros;
import org.flowmat.dialect.bigquery.fake.Warehouse.Outcome;
import org.flowmat.dialect.bigquery.fake.Warehouse.Param;
import org.flowmat.dialect.bigquery.fake.Warehouse.Rows;
import org.flowmat.dialect.bigquery.fake.Warehouse.ScriptOutcome;
import org.flowmat.dialect.bigquery.fake.Warehouse.TableMeta;

/**
 * BigQuery REST v2 as google-cloud-bigquery calls it: datasets, tables (incl. patch), tabledata.list/insertAll, jobs
 * insert/get/list/cancel, getQueryResults and jobs.query. Served under /bigquery/v2 (and without it, as goccy does).
 * Query jobs run when inserted; a job armed as slow only reports PENDING/RUNNING for a number of polls.
 */
final class FakeBigQueryApi {
  /** The dataset that holds query results (BigQuery's anonymous datasets start with '_'). */
  static final String RESULTS_DATASET = "_fake_results";

  private static final Pattern ROUTE = Pattern.compile(
      "^(?:/bigquery/v2)?/projects/([^/]+)/(datasets|jobs|queries)(?:/([^/]+)(?:/(tables|cancel)(?:/([^/]+)(?:/(data|insertAll))?)?)?)?/?$");
  private static final long DEFAULT_PAGE_ROWS = 100_000;

  private final Warehouse warehouse;
  private final FakeGcs gcs;
  private final Faults faults;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  FakeBigQueryApi(Warehouse warehouse, FakeGcs gcs, Faults faults) {
    this.warehouse = warehouse;
    this.gcs = gcs;
    this.faults = faults;
  }

  /** One query job, its outcome, and how many more polls it reports PENDING/RUNNING. */
  private static final class Job {
    final String project;
    final String id;
    final String location;
    final ObjectNode configuration;
    final Instant created = Instant.now();
    int pendingPolls;
    int runningPolls;
    ApiException error;
    ScriptOutcome outcome;
    Outcome statement;
    String statementType;
    String parentId;
    final List<String> children = new ArrayList<>();
    Rows result;

    Job(String project, String id, String location, ObjectNode configuration) {
      this.project = project;
      this.id = id;
      this.location = location;
      this.configuration = configuration;
    }

    synchronized String observe(boolean poll) {
      if (pendingPolls > 0) {
        if (poll) {
          pendingPolls--;
        }
        return "PENDING";
      }
      if (runningPolls > 0) {
        if (poll) {
          runningPolls--;
        }
        return "RUNNING";
      }
      return "DONE";
    }
  }

  static Optional<String> methodOf(String httpMethod, String path) {
    Matcher m = ROUTE.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String collection = m.group(2);
    String id = m.group(3);
    String sub = m.group(4);
    String subId = m.group(5);
    String leaf = m.group(6);
    String verb = switch (httpMethod) {
      case "POST" -> "insert";
      case "DELETE" -> "delete";
      case "PATCH" -> "patch";
      case "PUT" -> "update";
      default -> "get";
    };
    if (collection.equals("queries")) {
      return Optional.of(id == null ? "bigquery.jobs.query" : "bigquery.jobs.getQueryResults");
    }
    if (collection.equals("jobs")) {
      if ("cancel".equals(sub)) {
        return Optional.of("bigquery.jobs.cancel");
      }
      return Optional.of(id == null ? (verb.equals("insert") ? "bigquery.jobs.insert" : "bigquery.jobs.list")
          : "bigquery.jobs." + verb);
    }
    if (sub == null) {
      return Optional.of(id == null ? (verb.equals("insert") ? "bigquery.datasets.insert" : "bigquery.datasets.list")
          : "bigquery.datasets." + verb);
    }
    if (subId == null) {
      return Optional.of(verb.equals("insert") ? "bigquery.tables.insert" : "bigquery.tables.list");
    }
    if (leaf != null) {
      return Optional.of(leaf.equals("data") ? "bigquery.tabledata.list" : "bigquery.tabledata.insertAll");
    }
    return Optional.of("bigquery.tables." + verb);
  }

  void handle(Http http, String method) throws IOException, SQLException {
    Matcher m = ROUTE.matcher(http.path);
    m.matches();
    String project = Http.decode(m.group(1));
    String id = m.group(3) == null ? null : Http.decode(m.group(3));
    String table = m.group(5) == null ? null : Http.decode(m.group(5));
    ObjectNode answer = switch (method) {
      case "bigquery.datasets.insert" -> insertDataset(project, http.json());
      case "bigquery.datasets.get" -> datasetResource(project, warehouse.requireDataset(id));
      case "bigquery.datasets.patch", "bigquery.datasets.update" -> datasetResource(project, warehouse.requireDataset(id));
      case "bigquery.datasets.list" -> listDatasets(project);
      case "bigquery.datasets.delete" -> {
        warehouse.deleteDataset(id, "true".equals(http.query.get("deleteContents")));
        yield null;
      }
      case "bigquery.tables.insert" -> insertTable(project, id, http.json());
      case "bigquery.tables.get" -> tableResource(project, warehouse.requireTable(id, table));
      case "bigquery.tables.patch", "bigquery.tables.update" -> patchTable(project, warehouse.requireTable(id, table), http.json());
      case "bigquery.tables.delete" -> {
        warehouse.dropTable(id, table);
        yield null;
      }
      case "bigquery.tables.list" -> listTables(project, id, http.query);
      case "bigquery.tabledata.list" -> listData(project, id, table, http.query);
      case "bigquery.tabledata.insertAll" -> insertAll(id, table, http.json());
      case "bigquery.jobs.insert" -> insertJob(project, http.json());
      case "bigquery.jobs.get" -> jobResource(requireJob(project, id, http.query.get("location")), true);
      case "bigquery.jobs.list" -> listJobs(project, http.query);
      case "bigquery.jobs.cancel" -> {
        ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#jobCancelResponse");
        out.set("job", jobResource(requireJob(project, id, http.query.get("location")), false));
        yield out;
      }
      case "bigquery.jobs.getQueryResults" -> queryResults(requireJob(project, id, http.query.get("location")), http.query,
          "bigquery#getQueryResultsResponse");
      case "bigquery.jobs.query" -> query(project, http.json());
      default -> throw ApiException.notFound("Not found: " + http.path);
    };
    if (answer == null) {
      http.send(204, null, new byte[0]);
    } else {
      http.send(200, fields(answer, http.query.get("fields")));
    }
  }

  // A top-level partial response (?fields=a,b/c,d(e)), as the client asks for with JobOption.fields.
  private static ObjectNode fields(ObjectNode answer, String fields) {
    if (fields == null || fields.isBlank()) {
      return answer;
    }
    Set<String> keep = new LinkedHashSet<>();
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char c : (fields + ",").toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        keep.add(cur.toString().split("[/(]")[0].trim());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    if (keep.contains("items") || keep.contains("jobs") || keep.contains("datasets") || keep.contains("tables")) {
      return answer;
    }
    ObjectNode out = Http.JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = answer.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (keep.contains(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Datasets and tables

  private ObjectNode insertDataset(String project, JsonNode body) throws SQLException {
    String id = body.path("datasetReference").path("datasetId").asText("");
    if (id.isEmpty()) {
      throw ApiException.invalid("Dataset id is required");
    }
    if (!id.matches("[A-Za-z0-9_]{1,1024}")) {
      throw ApiException.invalid("Invalid dataset ID \"" + id + "\". Dataset IDs must be alphanumeric (plus underscores)"
          + " and must be at most 1024 characters long.");
    }
    return datasetResource(project, warehouse.createDataset(id, body.path("location").asText(null),
        body.path("description").asText(null), false));
  }

  private ObjectNode datasetResource(String project, Warehouse.Dataset d) {
    ObjectNode r = Http.JSON.createObjectNode();
    r.put("kind", "bigquery#dataset");
    r.put("etag", "e" + d.created().toEpochMilli());
    r.put("id", project + ":" + d.id());
    r.put("selfLink", "/bigquery/v2/projects/" + project + "/datasets/" + d.id());
    r.putObject("datasetReference").put("projectId", project).put("datasetId", d.id());
    if (d.description() != null) {
      r.put("description", d.description());
    }
    r.put("creationTime", Long.toString(d.created().toEpochMilli()));
    r.put("lastModifiedTime", Long.toString(d.created().toEpochMilli()));
    r.put("location", d.location());
    r.put("type", "DEFAULT");
    return r;
  }

  private ObjectNode listDatasets(String project) {
    ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#datasetList").put("etag", "l");
    ArrayNode items = out.putArray("datasets");
    for (Warehouse.Dataset d : warehouse.datasets()) {
      ObjectNode item = items.addObject();
      item.put("kind", "bigquery#dataset");
      item.put("id", project + ":" + d.id());
      item.putObject("datasetReference").put("projectId", project).put("datasetId", d.id());
      item.put("location", d.location());
    }
    return out;
  }

  private ObjectNode insertTable(String project, String dataset, JsonNode body) throws SQLException {
    String table = body.path("tableReference").path("tableId").asText("");
    if (table.isEmpty()) {
      throw ApiException.invalid("Table id is required");
    }
    if (body.has("view") || body.has("externalDataConfiguration") || body.has("materializedView")) {
      throw ApiException.invalid("The BigQuery fake creates only tables (no views or external tables) through tables.insert");
    }
    List<Column> columns = columns(body.path("schema").path("fields"));
    Partitioning p = partitioning(body, columns);
    List<String> clustering = clustering(body, columns);
    TableMeta meta = warehouse.createTable(dataset, table, columns);
    meta.partitioning = p;
    meta.clustering = clustering;
    applyTableOptions(meta, body);
    return tableResource(project, meta);
  }

  private static void applyTableOptions(TableMeta meta, JsonNode body) {
    if (body.has("description")) {
      meta.description = body.path("description").asText(null);
    }
    if (body.has("labels")) {
      meta.labels = body.get("labels");
    }
    if (body.has("requirePartitionFilter")) {
      meta.requirePartitionFilter = body.path("requirePartitionFilter").asBoolean();
    } else if (body.path("timePartitioning").has("requirePartitionFilter")) {
      meta.requirePartitionFilter = body.path("timePartitioning").path("requirePartitionFilter").asBoolean();
    }
    if (body.path("timePartitioning").has("expirationMs")) {
      meta.partitionExpirationMs = body.path("timePartitioning").path("expirationMs").asLong();
    }
  }

  static List<Column> columns(JsonNode fields) {
    List<Column> out = new ArrayList<>();
    for (JsonNode f : fields) {
      String type = f.path("type").asText("STRING").toUpperCase(Locale.ROOT);
      String mode = f.path("mode").asText("NULLABLE").toUpperCase(Locale.ROOT);
      if (type.equals("RECORD") || type.equals("STRUCT") || mode.equals("REPEATED")) {
        throw ApiException.invalid("The BigQuery fake does not support RECORD or REPEATED fields (field "
            + f.path("name").asText() + ")");
      }
      out.add(new Column(f.path("name").asText(), GoogleSql.normalType(type),
          f.hasNonNull("precision") ? f.get("precision").asInt() : null,
          f.hasNonNull("scale") ? f.get("scale").asInt() : null,
          f.hasNonNull("maxLength") ? f.get("maxLength").asLong() : null,
          mode.equals("REQUIRED"), f.path("description").asText(null)));
    }
    return out;
  }

  private static Partitioning partitioning(JsonNode body, List<Column> columns) {
    JsonNode tp = body.path("timePartitioning");
    JsonNode rp = body.path("rangePartitioning");
    if (tp.isObject()) {
      String field = tp.path("field").asText(null);
      if (field == null) {
        throw ApiException.invalid("The BigQuery fake does not support ingestion-time partitioning (timePartitioning without field)");
      }
      requireColumn(columns, field, "partitioning");
      return new Partitioning(field, tp.path("type").asText("DAY"), null, null, null);
    }
    if (rp.isObject()) {
      String field = rp.path("field").asText();
      requireColumn(columns, field, "partitioning");
      JsonNode r = rp.path("range");
      return new Partitioning(field, null, r.path("start").asLong(), r.path("end").asLong(), r.path("interval").asLong());
    }
    return null;
  }

  private static List<String> clustering(JsonNode body, List<Column> columns) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : body.path("clustering").path("fields")) {
      requireColumn(columns, f.asText(), "clustering");
      out.add(f.asText());
    }
    if (out.size() > 4) {
      throw ApiException.invalid("Too many clustering fields: " + out.size() + ", only 4 are allowed");
    }
    return out;
  }

  private static void requireColumn(List<Column> columns, String field, String what) {
    if (!columns.isEmpty() && columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(field))) {
      throw ApiException.invalid("The field specified for " + what + " cannot be found in the schema. Invalid field: " + field);
    }
  }

  private ObjectNode patchTable(String project, TableMeta meta, JsonNode body) throws SQLException {
    if (body.has("timePartitioning") || body.has("rangePartitioning")) {
      Partitioning wanted = partitioning(body, columns(body.path("schema").path("fields")));
      if (!java.util.Objects.equals(wanted == null ? null : wanted.field(), meta.partitioning == null ? null : meta.partitioning.field())
          || !java.util.Objects.equals(wanted == null ? null : wanted.timeUnit(), meta.partitioning == null ? null : meta.partitioning.timeUnit())) {
        throw ApiException.invalid("Cannot change partitioning spec for " + project + ":" + meta.dataset + "." + meta.table);
      }
    }
    if (body.path("schema").has("fields")) {
      warehouse.patchSchema(meta, columns(body.path("schema").path("fields")));
    }
    if (body.has("clustering")) {
      List<String> cols = new ArrayList<>();
      body.path("clustering").path("fields").forEach(f -> cols.add(f.asText()));
      meta.clustering = cols;
    }
    applyTableOptions(meta, body);
    meta.modified = Instant.now();
    return tableResource(project, meta);
  }

  private ObjectNode tableResource(String project, TableMeta t) throws SQLException {
    ObjectNode r = Http.JSON.createObjectNode();
    r.put("kind", "bigquery#table");
    r.put("etag", "t" + t.modified.toEpochMilli());
    r.put("id", project + ":" + t.dataset + "." + t.table);
    r.put("selfLink", "/bigquery/v2/projects/" + project + "/datasets/" + t.dataset + "/tables/" + t.table);
    r.putObject("tableReference").put("projectId", project).put("datasetId", t.dataset).put("tableId", t.table);
    r.put("type", "TABLE");
    if (t.description != null) {
      r.put("description", t.description);
    }
    if (t.labels != null) {
      r.set("labels", t.labels);
    }
    r.set("schema", schemaNode(warehouse.schema(t)));
    Partitioning p = t.partitioning;
    if (p != null && p.timeUnit() != null) {
      ObjectNode tp = r.putObject("timePartitioning").put("type", p.timeUnit()).put("field", p.field());
      if (t.partitionExpirationMs != null) {
        tp.put("expirationMs", Long.toString(t.partitionExpirationMs));
      }
    } else if (p != null) {
      ObjectNode rp = r.putObject("rangePartitioning").put("field", p.field());
      rp.putObject("range").put("start", Long.toString(p.rangeStart())).put("end", Long.toString(p.rangeEnd()))
          .put("interval", Long.toString(p.rangeInterval()));
    }
    if (!t.clustering.isEmpty()) {
      ArrayNode f = r.putObject("clustering").putArray("fields");
      t.clustering.forEach(f::add);
    }
    if (t.requirePartitionFilter) {
      r.put("requirePartitionFilter", true);
    }
    r.put("numRows", Long.toString(warehouse.numRows(t)));
    r.put("numBytes", Long.toString(warehouse.numBytes(t)));
    r.put("creationTime", Long.toString(t.created.toEpochMilli()));
    r.put("lastModifiedTime", Long.toString(t.modified.toEpochMilli()));
    r.put("location", warehouse.dataset(t.dataset).map(Warehouse.Dataset::location).orElse(warehouse.defaultLocation()));
    return r;
  }

  static ObjectNode schemaNode(List<Field> fields) {
    ObjectNode schema = Http.JSON.createObjectNode();
    ArrayNode arr = schema.putArray("fields");
    for (Field f : fields) {
      ObjectNode n = arr.addObject().put("name", f.name()).put("type", f.type()).put("mode", f.mode());
      if (f.precision() != null) {
        n.put("precision", Integer.toString(f.precision()));
      }
      if (f.scale() != null) {
        n.put("scale", Integer.toString(f.scale()));
      }
      if (f.maxLength() != null) {
        n.put("maxLength", Long.toString(f.maxLength()));
      }
      if (f.description() != null) {
        n.put("description", f.description());
      }
    }
    return schema;
  }

  private ObjectNode listTables(String project, String dataset, Map<String, String> query) {
    warehouse.requireDataset(dataset);
    List<TableMeta> all = warehouse.tables(dataset);
    long offset = offset(query.get("pageToken"));
    long max = Long.parseLong(query.getOrDefault("maxResults", "1000"));
    ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#tableList").put("etag", "l");
    ArrayNode items = out.putArray("tables");
    for (int k = (int) offset; k < all.size() && k < offset + max; k++) {
      TableMeta t = all.get(k);
      ObjectNode item = items.addObject();
      item.put("kind", "bigquery#table");
      item.put("id", project + ":" + t.dataset + "." + t.table);
      item.putObject("tableReference").put("projectId", project).put("datasetId", t.dataset).put("tableId", t.table);
      item.put("type", "TABLE");
      item.put("creationTime", Long.toString(t.created.toEpochMilli()));
    }
    if (offset + max < all.size()) {
      out.put("nextPageToken", token(offset + max));
    }
    out.put("totalItems", all.size());
    return out;
  }

  private ObjectNode insertAll(String dataset, String table, JsonNode body) throws SQLException {
    TableMeta meta = warehouse.requireTable(dataset, table);
    List<Field> schema = warehouse.schema(meta);
    ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#tableDataInsertAllResponse");
    StringBuilder sql = new StringBuilder("INSERT INTO " + Warehouse.qualified(dataset, table) + " ("
        + schema.stream().map(f -> GoogleSql.quote(f.name())).collect(Collectors.joining(", ")) + ") SELECT "
        + schema.stream().map(f -> "CAST(j->>" + GoogleSql.literal(f.name()) + " AS "
            + GoogleSql.duckType(f.type(), f.precision(), f.scale()) + ")").collect(Collectors.joining(", "))
        + " FROM (SELECT unnest(CAST(? AS JSON[])) AS j)");
    ArrayNode rows = Http.JSON.createArrayNode();
    for (JsonNode r : body.path("rows")) {
      rows.add(r.path("json"));
    }
    try (var c = warehouse.connection(); var ps = c.prepareStatement(sql.toString())) {
      ps.setString(1, rows.toString());
      ps.executeUpdate();
    }
    meta.modified = Instant.now();
    return out;
  }

  private ObjectNode listData(String project, String dataset, String table, Map<String, String> query) throws SQLException {
    long offset = startOf(query);
    long max = Long.parseLong(query.getOrDefault("maxResults", Long.toString(DEFAULT_PAGE_ROWS)));
    boolean int64 = "true".equals(query.get("formatOptions.useInt64Timestamp"));
    ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#tableDataList").put("etag", "d");
    Rows rows;
    long total;
    if (dataset.equals(RESULTS_DATASET)) {
      Job job = jobs.values().stream().filter(j -> resultTable(j).equals(table)).findFirst()
          .orElseThrow(() -> ApiException.notFound("Not found: Table " + project + ":" + dataset + "." + table));
      Rows all = job.result == null ? new Rows(List.of(), List.of()) : job.result;
      total = all.rows().size();
      rows = new Rows(all.schema(), all.rows().subList((int) Math.min(offset, total), (int) Math.min(offset + max, total)));
    } else {
      TableMeta meta = warehouse.requireTable(dataset, table);
      String selected = query.get("selectedFields");
      rows = warehouse.page(meta, offset, max, selected == null ? null : Arrays.asList(selected.split(",")));
      total = warehouse.numRows(meta);
    }
    out.put("totalRows", Long.toString(total));
    out.set("rows", rowsNode(rows, int64));
    if (offset + rows.rows().size() < total) {
      out.put("pageToken", token(offset + rows.rows().size()));
    }
    return out;
  }

  static ArrayNode rowsNode(Rows rows, boolean int64Timestamps) {
    ArrayNode arr = Http.JSON.createArrayNode();
    for (List<Object> row : rows.rows()) {
      ArrayNode f = arr.addObject().putArray("f");
      for (Object cell : row) {
        ObjectNode v = f.addObject();
        if (cell == null) {
          v.putNull("v");
        } else if (cell instanceof Micros m) {
          v.put("v", int64Timestamps ? Long.toString(m.value())
              : java.math.BigDecimal.valueOf(m.value(), 6).toPlainString());
        } else {
          v.put("v", cell.toString());
        }
      }
    }
    return arr;
  }

  // The Java client sends later pages as pageToken plus startIndex=0 (and no maxResults): the token wins.
  private static long startOf(Map<String, String> query) {
    if (query.get("pageToken") != null && !query.get("pageToken").isEmpty()) {
      return offset(query.get("pageToken"));
    }
    return Long.parseLong(query.getOrDefault("startIndex", "0"));
  }

  private static String token(long offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("row:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static long offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return Long.parseLong(s.substring(4));
    } catch (RuntimeException e) {
      throw ApiException.invalid("Invalid page token: " + token);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Jobs

  private Job requireJob(String project, String id, String location) {
    Job j = jobs.get(project + ":" + id);
    if (j == null || (location != null && !location.isEmpty() && !location.equalsIgnoreCase(j.location))) {
      throw ApiException.notFound("Not found: Job " + project + ":" + (location == null ? "" : location + ".") + id);
    }
    return j;
  }

  private ObjectNode insertJob(String project, JsonNode body) {
    ObjectNode config = body.path("configuration").isObject() ? ((ObjectNode) body.get("configuration")).deepCopy()
        : Http.JSON.createObjectNode();
    if (!config.has("query")) {
      throw ApiException.invalid("The BigQuery fake runs only query jobs (configuration.query)");
    }
    JsonNode ref = body.path("jobReference");
    String id = ref.path("jobId").asText("");
    if (id.isEmpty()) {
      id = "job_" + UUID.randomUUID().toString().replace("-", "");
    }
    if (!id.matches("[A-Za-z0-9_-]{1,1024}")) {
      throw ApiException.invalid("Invalid job ID \"" + id + "\". Job IDs must be alphanumeric (plus underscores and dashes)"
          + " and must be at most 1024 characters long.");
    }
    String location = ref.path("location").asText("");
    ObjectNode q = (ObjectNode) config.get("query");
    boolean dryRun = config.path("dryRun").asBoolean(false);
    if (dryRun) {
      return dryRunJob(project, location, config, q);
    }
    Job job;
    synchronized (jobs) {
      Job existing = jobs.get(project + ":" + id);
      if (existing != null) {
        throw ApiException.duplicate("Already Exists: Job " + project + ":" + existing.location + "." + id);
      }
      job = new Job(project, id, location.isEmpty() ? inferLocation(q) : location, config);
      config.put("jobType", "QUERY");
      jobs.put(project + ":" + id, job);
    }
    run(job, q);
    return jobResource(job, false);
  }

  private String inferLocation(JsonNode q) {
    String ds = q.path("defaultDataset").path("datasetId").asText(null);
    if (ds != null) {
      return warehouse.dataset(ds).map(Warehouse.Dataset::location).orElse(warehouse.defaultLocation());
    }
    try {
      for (GoogleSql.Statement s : GoogleSql.translate(q.path("query").asText(""), context(q))) {
        for (GoogleSql.TableRef r : s.tables()) {
          Optional<Warehouse.Dataset> d = warehouse.dataset(r.dataset());
          if (d.isPresent()) {
            return d.get().location();
          }
        }
      }
    } catch (ApiException e) {
      // the run reports it
    }
    return warehouse.defaultLocation();
  }

  private static GoogleSql.Context context(JsonNode q) {
    Set<String> locals = new LinkedHashSet<>();
    q.path("tableDefinitions").fieldNames().forEachRemaining(locals::add);
    return new GoogleSql.Context(q.path("defaultDataset").path("datasetId").asText(null), locals);
  }

  private void run(Job job, ObjectNode q) {
    Optional<int[]> slow = faults.takeSlowJob();
    slow.ifPresent(s -> {
      job.pendingPolls = s[0];
      job.runningPolls = s[1];
    });
    Optional<Faults.JobFault> jobFault = faults.takeJobFault();
    if (jobFault.isPresent()) {
      job.error = new ApiException(ApiException.codeForReason(jobFault.get().reason()), jobFault.get().reason(),
          jobFault.get().message());
      return;
    }
    try {
      // BigQuery reads an omitted useLegacySql as legacy SQL; the Java client always sends false.
      if (!q.path("useLegacySql").isBoolean() || q.get("useLegacySql").asBoolean()) {
        throw ApiException.invalidQuery("The BigQuery fake runs GoogleSQL only (useLegacySql must be false)");
      }
      if (q.has("destinationTable")) {
        throw ApiException.invalidQuery("The BigQuery fake does not write query results to a destinationTable");
      }
      List<GoogleSql.Statement> script = GoogleSql.translate(q.path("query").asText(""), context(q));
      List<External> externals = externals(q.path("tableDefinitions"));
      ScriptOutcome outcome = warehouse.run(script, externals, params(q), job.location, false);
      job.outcome = outcome;
      job.result = outcome.result().orElse(null);
      job.statementType = script.size() == 1 ? script.get(0).kind() : "SCRIPT";
      if (job.result != null) {
        q.putObject("destinationTable").put("projectId", job.project).put("datasetId", RESULTS_DATASET)
            .put("tableId", resultTable(job));
      }
      if (script.size() > 1) {
        int n = 0;
        for (Outcome o : outcome.statements()) {
          String childId = "script_job_" + job.id + "_" + n++;
          Job child = new Job(job.project, childId, job.location, childConfig(o));
          child.parentId = job.id;
          child.statement = o;
          child.statementType = o.statement().kind();
          child.result = o.rows();
          if (child.result != null) {
            ((ObjectNode) child.configuration.get("query")).putObject("destinationTable").put("projectId", job.project)
                .put("datasetId", RESULTS_DATASET).put("tableId", resultTable(child));
          }
          jobs.put(job.project + ":" + childId, child);
          job.children.add(childId);
        }
      }
    } catch (ApiException e) {
      job.error = e;
    } catch (SQLException e) {
      job.error = ApiException.invalidQuery("Query error: " + e.getMessage());
    } catch (RuntimeException e) {
      job.error = new ApiException(500, "internalError", "BigQuery fake failure: " + e);
    }
  }

  private static ObjectNode childConfig(Outcome o) {
    ObjectNode c = Http.JSON.createObjectNode().put("jobType", "QUERY");
    c.putObject("query").put("query", o.statement().source()).put("useLegacySql", false);
    return c;
  }

  private static String resultTable(Job job) {
    return "anon_" + job.id.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private List<External> externals(JsonNode defs) {
    List<External> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(external(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** A query-time external table: NDJSON objects read with DuckDB's read_json, with the schema the job gives. */
  private External external(String name, JsonNode def) {
    String format = def.path("sourceFormat").asText("");
    if (!format.equals("NEWLINE_DELIMITED_JSON")) {
      throw ApiException.invalid("The BigQuery fake reads external tables of sourceFormat NEWLINE_DELIMITED_JSON only (table "
          + name + " has " + format + ")");
    }
    List<FakeGcs.StoredObject> objects = new ArrayList<>();
    for (JsonNode uri : def.path("sourceUris")) {
      List<FakeGcs.StoredObject> found = gcs.resolve(uri.asText());
      if (found.isEmpty()) {
        throw ApiException.notFound("Not found: Files " + uri.asText());
      }
      objects.addAll(found);
    }
    if (objects.isEmpty()) {
      throw ApiException.invalid("External table " + name + " has no sourceUris");
    }
    List<Column> columns = columns(def.path("schema").path("fields"));
    if (columns.isEmpty()) {
      throw ApiException.invalid("The BigQuery fake needs an explicit schema for external table " + name + " (no autodetect)");
    }
    String files = objects.stream().map(o -> GoogleSql.literal(o.file().toString())).collect(Collectors.joining(", "));
    // BYTES arrive base64-encoded in JSON, as BigQuery reads them: read as text, then decode.
    String cols = columns.stream().map(c -> GoogleSql.literal(c.name()) + ": "
            + GoogleSql.literal(c.bqType().equals("BYTES") ? "VARCHAR" : GoogleSql.duckType(c)))
        .collect(Collectors.joining(", "));
    String decode = columns.stream().filter(c -> c.bqType().equals("BYTES"))
        .map(c -> "from_base64(" + GoogleSql.quote(c.name()) + ") AS " + GoogleSql.quote(c.name()))
        .collect(Collectors.joining(", "));
    String compression = def.path("compression").asText("NONE").equalsIgnoreCase("GZIP") ? "gzip" : "none";
    String sql = "SELECT *" + (decode.isEmpty() ? "" : " REPLACE (" + decode + ")") + " FROM read_json([" + files
        // BigQuery reads NDJSON rows of up to 100 MB; DuckDB's default object limit is 16 MiB.
        + "], format = 'newline_delimited', compression = '" + compression + "', maximum_object_size = 1073741824,"
        + " columns = {" + cols + "})";
    long bytes = objects.stream().mapToLong(FakeGcs.StoredObject::size).sum();
    return new External(name, sql, bytes);
  }

  private static List<Param> params(JsonNode q) {
    List<Param> out = new ArrayList<>();
    for (JsonNode p : q.path("queryParameters")) {
      String type = p.path("parameterType").path("type").asText("STRING");
      if (type.equals("ARRAY") || type.equals("STRUCT")) {
        throw ApiException.invalidQuery("The BigQuery fake does not support " + type + " query parameters");
      }
      JsonNode v = p.path("parameterValue").path("value");
      out.add(new Param(p.path("name").asText(null), type, v.isMissingNode() || v.isNull() ? null : v.asText()));
    }
    return out;
  }

  private ObjectNode dryRunJob(String project, String location, ObjectNode config, ObjectNode q) {
    List<GoogleSql.Statement> script = GoogleSql.translate(q.path("query").asText(""), context(q));
    ScriptOutcome outcome;
    try {
      outcome = warehouse.run(script, externals(q.path("tableDefinitions")), params(q),
          location.isEmpty() ? null : location, true);
    } catch (SQLException e) {
      throw ApiException.invalidQuery("Query error: " + e.getMessage());
    }
    ObjectNode r = Http.JSON.createObjectNode();
    r.put("kind", "bigquery#job");
    r.putObject("jobReference").put("projectId", project).put("location", location.isEmpty() ? inferLocation(q) : location);
    config.put("jobType", "QUERY");
    r.set("configuration", config);
    r.putObject("status").put("state", "DONE");
    ObjectNode stats = r.putObject("statistics");
    long now = Instant.now().toEpochMilli();
    stats.put("creationTime", Long.toString(now));
    stats.put("totalBytesProcessed", Long.toString(outcome.bytes()));
    ObjectNode qs = stats.putObject("query");
    qs.put("totalBytesProcessed", Long.toString(outcome.bytes()));
    qs.put("totalBytesBilled", "0");
    qs.put("cacheHit", false);
    qs.put("statementType", script.size() == 1 ? script.get(0).kind() : "SCRIPT");
    Optional<Outcome> select = outcome.statements().stream().filter(o -> o.statement().kind().equals("SELECT")).findFirst();
    if (select.isPresent() && script.size() == 1) {
      try (var c = warehouse.connection()) {
        // The schema of a SELECT, without running it: DuckDB describes the prepared statement.
        for (External e : externals(q.path("tableDefinitions"))) {
          try (var s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP VIEW " + GoogleSql.quote(e.name()) + " AS " + e.sql());
          }
        }
        try (var ps = c.prepareStatement(select.get().statement().duckSql().get(0))) {
          var md = ps.getMetaData();
          if (md != null) {
            qs.set("schema", schemaNode(Warehouse.resultSchema(md)));
          }
        }
      } catch (SQLException e) {
        throw ApiException.invalidQuery("Query error: " + e.getMessage());
      }
    }
    return r;
  }

  private ObjectNode jobResource(Job job, boolean poll) {
    String state = job.observe(poll);
    ObjectNode r = Http.JSON.createObjectNode();
    r.put("kind", "bigquery#job");
    r.put("etag", "j" + job.created.toEpochMilli());
    r.put("id", job.project + ":" + job.location + "." + job.id);
    r.put("selfLink", "/bigquery/v2/projects/" + job.project + "/jobs/" + job.id + "?location=" + job.location);
    r.put("user_email", "fake@flowmat.invalid");
    r.putObject("jobReference").put("projectId", job.project).put("jobId", job.id).put("location", job.location);
    r.set("configuration", job.configuration);
    ObjectNode status = r.putObject("status").put("state", state);
    long created = job.created.toEpochMilli();
    ObjectNode stats = r.putObject("statistics");
    stats.put("creationTime", Long.toString(created));
    if (!state.equals("PENDING")) {
      stats.put("startTime", Long.toString(created));
    }
    ObjectNode qs = stats.putObject("query");
    if (job.parentId != null) {
      stats.put("parentJobId", job.parentId);
    }
    if (!job.children.isEmpty()) {
      stats.put("numChildJobs", Long.toString(job.children.size()));
    }
    if (state.equals("DONE")) {
      stats.put("endTime", Long.toString(created));
      if (job.error != null) {
        ObjectNode err = status.putObject("errorResult").put("reason", job.error.reason).put("message", job.error.getMessage());
        err.put("location", "query");
        status.putArray("errors").addObject().put("reason", job.error.reason).put("message", job.error.getMessage());
      } else {
        long bytes = job.statement != null ? job.statement.bytes() : job.outcome == null ? 0 : job.outcome.bytes();
        stats.put("totalBytesProcessed", Long.toString(bytes));
        qs.put("totalBytesProcessed", Long.toString(bytes));
        qs.put("totalBytesBilled", Long.toString(bytes == 0 ? 0 : Math.max(bytes, 10L * 1024 * 1024)));
        qs.put("billingTier", 1);
        qs.put("cacheHit", false);
        qs.put("totalSlotMs", "0");
        qs.put("statementType", job.statementType);
        Outcome o = job.statement != null ? job.statement
            : job.outcome != null && job.outcome.statements().size() == 1 ? job.outcome.last() : null;
        if (o != null && o.affected() != null) {
          qs.put("numDmlAffectedRows", Long.toString(o.affected()));
          ObjectNode dml = qs.putObject("dmlStats");
          if (o.inserted() != null) {
            dml.put("insertedRowCount", Long.toString(o.inserted()));
          }
          if (o.updated() != null) {
            dml.put("updatedRowCount", Long.toString(o.updated()));
          }
          if (o.deleted() != null) {
            dml.put("deletedRowCount", Long.toString(o.deleted()));
          }
        }
        if (o != null && o.statement().target() != null && !o.statement().kind().equals("SELECT")) {
          ObjectNode t = qs.putObject("ddlTargetTable");
          t.put("projectId", job.project).put("datasetId", o.statement().target().dataset());
          if (o.statement().target().table() != null) {
            t.put("tableId", o.statement().target().table());
          }
        }
        if (job.result != null) {
          qs.set("schema", schemaNode(job.result.schema()));
        }
      }
    }
    return r;
  }

  private ObjectNode listJobs(String project, Map<String, String> query) {
    String parent = query.get("parentJobId");
    ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#jobList").put("etag", "l");
    ArrayNode items = out.putArray("jobs");
    List<Job> selected = new ArrayList<>();
    if (parent != null) {
      Job p = jobs.get(project + ":" + parent);
      if (p != null) {
        // BigQuery lists children newest first.
        for (int k = p.children.size() - 1; k >= 0; k--) {
          selected.add(jobs.get(project + ":" + p.children.get(k)));
        }
      }
    } else {
      jobs.values().stream().filter(j -> j.project.equals(project) && j.parentId == null)
          .sorted((a, b) -> b.created.compareTo(a.created)).forEach(selected::add);
    }
    for (Job j : selected) {
      ObjectNode item = jobResource(j, false);
      ObjectNode status = (ObjectNode) item.get("status");
      item.put("state", status.get("state").asText());
      if (status.has("errorResult")) {
        item.set("errorResult", status.get("errorResult"));
      }
      items.add(item);
    }
    return out;
  }

  private ObjectNode queryResults(Job job, Map<String, String> query, String kind) {
    String state = job.observe(true);
    ObjectNode out = Http.JSON.createObjectNode();
    out.put("kind", kind);
    out.put("etag", "q");
    out.putObject("jobReference").put("projectId", job.project).put("jobId", job.id).put("location", job.location);
    if (!state.equals("DONE")) {
      out.put("jobComplete", false);
      return out;
    }
    if (job.error != null) {
      throw job.error;
    }
    out.put("jobComplete", true);
    out.put("cacheHit", false);
    long bytes = job.statement != null ? job.statement.bytes() : job.outcome == null ? 0 : job.outcome.bytes();
    out.put("totalBytesProcessed", Long.toString(bytes));
    Outcome single = job.statement != null ? job.statement
        : job.outcome != null && job.outcome.statements().size() == 1 ? job.outcome.last() : null;
    if (job.result != null) {
      Rows all = job.result;
      out.set("schema", schemaNode(all.schema()));
      long total = all.rows().size();
      out.put("totalRows", Long.toString(total));
      long offset = startOf(query);
      long max = query.containsKey("maxResults") ? Long.parseLong(query.get("maxResults")) : DEFAULT_PAGE_ROWS;
      int from = (int) Math.min(offset, total);
      int to = (int) Math.min(offset + max, total);
      boolean int64 = "true".equals(query.get("formatOptions.useInt64Timestamp"));
      if (max > 0) {
        out.set("rows", rowsNode(new Rows(all.schema(), all.rows().subList(from, to)), int64));
      }
      if (to < total) {
        out.put("pageToken", token(to));
      }
    } else {
      out.put("totalRows", "0");
      if (single != null && single.affected() != null) {
        out.put("numDmlAffectedRows", Long.toString(single.affected()));
        out.set("schema", schemaNode(single.targetSchema()));
      }
    }
    return out;
  }

  /** jobs.query: a job is created (as BigQuery does), answered at once unless armed slow. */
  private ObjectNode query(String project, JsonNode body) {
    ObjectNode q = Http.JSON.createObjectNode();
    for (String k : List.of("query", "useLegacySql", "defaultDataset", "queryParameters", "parameterMode", "maximumBytesBilled",
        "labels", "connectionProperties", "createSession")) {
      if (body.has(k)) {
        q.set(k, body.get(k));
      }
    }
    if (!body.has("useLegacySql")) {
      q.put("useLegacySql", true);
    }
    ObjectNode config = Http.JSON.createObjectNode();
    config.set("query", q);
    if (body.path("dryRun").asBoolean(false)) {
      config.put("dryRun", true);
      ObjectNode dry = dryRunJob(project, body.path("location").asText(""), config, q);
      ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#queryResponse");
      out.set("jobReference", dry.get("jobReference"));
      out.put("jobComplete", true);
      out.put("totalBytesProcessed", dry.path("statistics").path("totalBytesProcessed").asText());
      if (dry.path("statistics").path("query").has("schema")) {
        out.set("schema", dry.path("statistics").path("query").get("schema"));
      }
      return out;
    }
    String id = "job_" + UUID.randomUUID().toString().replace("-", "");
    String location = body.path("location").asText("");
    Job job = new Job(project, id, location.isEmpty() ? inferLocation(q) : location, config);
    config.put("jobType", "QUERY");
    jobs.put(project + ":" + id, job);
    run(job, q);
    if (job.error != null && job.observe(false).equals("DONE")) {
      throw job.error;
    }
    Map<String, String> page = new java.util.HashMap<>();
    if (body.has("maxResults")) {
      page.put("maxResults", body.get("maxResults").asText());
    }
    if (body.path("formatOptions").path("useInt64Timestamp").asBoolean(false)) {
      page.put("formatOptions.useInt64Timestamp", "true");
    }
    String state = job.observe(false);
    if (!state.equals("DONE")) {
      ObjectNode out = Http.JSON.createObjectNode().put("kind", "bigquery#queryResponse");
      out.putObject("jobReference").put("projectId", project).put("jobId", id).put("location", job.location);
      out.put("jobComplete", false);
      return out;
    }
    ObjectNode out = queryResults(job, page, "bigquery#queryResponse");
    out.put("queryId", id);
    return out;
  }
}
