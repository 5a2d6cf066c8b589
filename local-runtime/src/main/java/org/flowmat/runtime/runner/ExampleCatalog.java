package org.flowmat.runtime.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.flowmat.core.dialect.ResourceConfig;
import org.flowmat.runtime.local.Reducer.Reduction;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize;

/**
 * An example directory for the local runner: {@code catalog.json}, the collections' schemas and their documents as
 * JSON lines. It plays the part of Flow's built catalog: it derives each collection's {@link Flow.CollectionSpec}
 * (projections by {@link SchemaProjections}) and builds the {@link Flow.MaterializationSpec} that Flow would hand a
 * connector.
 *
 * <h2>{@code catalog.json}</h2>
 *
 * <pre>{@code
 * {
 *   "materialization": "acmeCo/orders-demo",          // optional; default "<prefix>/local-<dialect>"
 *   "description": "free text",                       // optional
 *   "collections": [
 *     {
 *       "name": "acmeCo/orders",                      // a Flow collection name: prefix/name
 *       "key": ["/order_id"],                         // JSON pointers into the schema, at least one
 *       "schema": "orders.schema.json",               // a file next to catalog.json, or the schema inline
 *       "reduction": "lastWriteWins",                 // or "merge"; optional, default lastWriteWins
 *       "documents": "orders.jsonl",                  // one JSON document per line
 *       "table": "orders",                            // the table to materialize into
 *       "schema_name": "main",                        // optional: the table's schema (BigQuery: dataset)
 *       "delta_updates": false,                       // optional, default false
 *       "backfill": 0,                                // optional, default 0: Flow's backfill counter
 *       "fields": {"require": {"_meta/flow_truncated": {}}, "exclude": ["tax"]},  // optional, as Flow's
 *       "description": "free text"                    // optional
 *     }
 *   ]
 * }
 * }</pre>
 *
 * <p>Unknown keys are errors (they are usually typos). Every error is a {@link CatalogException} with one line that
 * names the file and the JSON pointer (or line number) at fault.
 *
 * <h2>Documents</h2>
 *
 * <p>{@link Collection#documents()} streams a collection's JSON lines file through a {@link DocumentReader}; lines
 * are read and checked one at a time, so a bad line is reported when it is reached, as {@code file:line: problem}.
 * Blank lines are skipped. Each document
 * must be a JSON object with every key location present and not null, and must validate against the collection's
 * schema (as Flow validates every document it writes; JSON Schema 2020-12, {@code format} not asserted). Its
 * {@code /_meta/uuid}, Flow's publication
 * clock, must be a v1 UUID; <b>when a document has none, the loader makes one up</b> from a process-wide monotonic
 * clock ({@link PublicationClock#next()}), so hand-written examples can leave it out (their {@code flow_published_at}
 * is then the time they were read, and differs between two readings). {@code /_meta/op} may be {@code "c"},
 * {@code "u"} or {@code "d"} (a deletion); when the collection schema does not declare {@code /_meta/op} and a
 * document has none, the loader sets {@code "u"}, since the projection Flow adds for it always exists.
 *
 * <h2>The materialization</h2>
 *
 * <p>One binding per collection, in catalog order: the resource config ({@code table}, the schema under the
 * dialect's key when {@code schema_name} is set, {@code delta_updates}); a placeholder resource path
 * {@code [schema, table]} (schema: {@code schema_name}, else the endpoint config's schema, else {@code "main"}),
 * which the runner should replace with what the connector's Validated returns ({@link #materialization(JsonNode,
 * String, List)}); the collection spec; the default field selection ({@link Collection#fieldSelection()}); the
 * backfill counter, and Flow's state key and journal read suffix derived from the resource path as Flow derives
 * them ({@link #encodeResourcePath}).
 *
 * <p>Immutable once loaded; {@link Collection#documents()} opens a new reader on each call.
 */
public final class ExampleCatalog {
  /** The catalog's file name within an example directory. */
  public static final String CATALOG_FILE = "catalog.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Strict about duplicate keys and trailing tokens, for the catalog, the schemas and the documents alike. */
  static final ObjectReader READER = JSON.reader();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final Set<String> TOP_KEYS = Set.of("materialization", "description", "collections", "$comment");
  private static final Set<String> COLLECTION_KEYS = Set.of(
      "name", "key", "schema", "reduction", "documents", "table", "schema_name", "delta_updates", "backfill",
      "description", "fields", "$comment");
  private static final Set<String> FIELDS_KEYS = Set.of("require", "exclude");
  /** Flow's placeholder UUID in a collection's ack template. */
  private static final String ACK_TEMPLATE =
      "{\"_meta\":{\"uuid\":\"DocUUIDPlaceholder-329Bb50aa48EAa9ef\",\"ack\":true}}";

  private final Path dir;
  private final Optional<String> materializationName;
  private final List<Collection> collections;

  /** A problem with an example: one line naming the file and the place within it. */
  public static final class CatalogException extends RuntimeException {
    public CatalogException(String message) {
      super(message);
    }

    public CatalogException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The names {@code catalog.json} gives the reductions of the local runtime model. */
  private static final Map<String, Reduction> REDUCTIONS =
      Map.of("lastWriteWins", Reduction.LAST_WRITE_WINS, "merge", Reduction.MERGE);

  /**
   * Where a dialect's resource config keeps the table, its schema and the update mode: the properties its resource
   * config schema annotates with {@code x-collection-name}, {@code x-schema-name} and {@code x-delta-updates}.
   */
  public record ResourceConfigKeys(String table, String schema, String deltaUpdates) {
    /** The suite's dialects: {@code table}, {@code schema} ({@code dataset} for BigQuery), {@code delta_updates}. */
    public static ResourceConfigKeys forDialect(String dialect) {
      return new ResourceConfigKeys(
          "table", "bigquery".equalsIgnoreCase(dialect) ? "dataset" : "schema", "delta_updates");
    }

    /**
     * From the resource config schema of a connector's Spec response, as Flow reads it: the property annotated
     * {@code x-collection-name} is required; {@code x-schema-name} and {@code x-delta-updates} may be absent (null
     * here), and then an example that sets {@code schema_name} or {@code delta_updates} fails to build its config.
     */
    public static ResourceConfigKeys fromSpec(JsonNode resourceConfigSchema, String connector) {
      ResourceConfig.Keys keys = ResourceConfig.Keys.of(resourceConfigSchema);
      return new ResourceConfigKeys(
          keys.table().orElseThrow(() -> new CatalogException("the " + connector + " connector's Spec has no resource"
              + " config property annotated x-collection-name, so the runner cannot say which table a binding uses")),
          keys.schema().orElse(null), keys.deltaUpdates().orElse(null));
    }

    /** From a connector's resource config schema; a missing annotation keeps the {@link #forDialect} default. */
    public static ResourceConfigKeys fromSchema(JsonNode resourceConfigSchema, String dialect) {
      ResourceConfigKeys d = forDialect(dialect);
      ResourceConfig.Keys keys = ResourceConfig.Keys.of(resourceConfigSchema);
      return new ResourceConfigKeys(keys.table().orElse(d.table()), keys.schema().orElse(d.schema()),
          keys.deltaUpdates().orElse(d.deltaUpdates()));
    }
  }

  private ExampleCatalog(Path dir, Optional<String> materializationName, List<Collection> collections) {
    this.dir = dir;
    this.materializationName = materializationName;
    this.collections = List.copyOf(collections);
  }

  /**
   * Loads and checks the example in {@code dir}: its catalog, every schema, and that every documents file exists
   * (documents themselves are checked as they are read).
   *
   * @throws CatalogException naming the file and place of the first problem
   */
  public static ExampleCatalog load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CatalogException(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory")
          + " (an example directory holds " + CATALOG_FILE + ", schemas and documents)");
    }
    Path file = dir.resolve(CATALOG_FILE);
    JsonNode root = readJson(file, "the example's catalog");
    if (!root.isObject()) {
      throw fail(file, "", "the catalog must be a JSON object with \"collections\", not " + SchemaProjections.describe(root));
    }
    unknownKeys(file, "", root, TOP_KEYS);
    Optional<String> materialization = Optional.empty();
    if (root.has("materialization")) {
      materialization = Optional.of(name(file, "/materialization", root.get("materialization")));
    }
    JsonNode list = root.get("collections");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw fail(file, "/collections", "expected a non-empty array of collections");
    }
    List<Collection> collections = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<String, String> tables = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      Collection c = collection(dir, file, "/collections/" + i, list.get(i));
      String prior = names.putIfAbsent(c.name(), "/collections/" + i);
      if (prior != null) {
        throw fail(file, "/collections/" + i + "/name", "collection " + c.name() + " is already defined at " + prior);
      }
      String table = (c.schemaName().orElse("") + "." + c.table()).toLowerCase(Locale.ROOT);
      prior = tables.putIfAbsent(table, "/collections/" + i);
      if (prior != null) {
        throw fail(file, "/collections/" + i + "/table", "table " + c.table() + " is already the table of " + prior);
      }
      collections.add(c);
    }
    return new ExampleCatalog(dir, materialization, collections);
  }

  /** The example directory. */
  public Path dir() {
    return dir;
  }

  /** The collections, in catalog order: binding {@code i} of the materialization is collection {@code i}. */
  public List<Collection> collections() {
    return collections;
  }

  /** The collection called {@code name}. */
  public Collection collection(String name) {
    return collections.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no collection " + name + " in " + dir));
  }

  /** The catalog's materialization name, else {@code <prefix of the first collection>/local-<dialect>}. */
  public String materializationName(String dialect) {
    return materializationName.orElseGet(() -> {
      String first = collections.get(0).name();
      return first.substring(0, first.indexOf('/')) + "/local-" + dialect;
    });
  }

  /**
   * The materialization Flow would build for {@code endpointConfig} and the connector {@code dialect}, with
   * placeholder resource paths {@code [schema, table]}.
   */
  public Flow.MaterializationSpec materialization(JsonNode endpointConfig, String dialect) {
    return materialization(endpointConfig, dialect, ResourceConfigKeys.forDialect(dialect), null);
  }

  /**
   * The same, with the resource paths the connector's Validated returned, one per binding in order; state keys and
   * journal read suffixes follow them.
   */
  public Flow.MaterializationSpec materialization(
      JsonNode endpointConfig, String dialect, List<List<String>> resourcePaths) {
    return materialization(endpointConfig, dialect, ResourceConfigKeys.forDialect(dialect), resourcePaths);
  }

  /**
   * The general form: resource config keys (e.g. {@link ResourceConfigKeys#fromSchema} of the connector's Spec), and
   * resource paths, or null for the placeholders.
   */
  public Flow.MaterializationSpec materialization(
      JsonNode endpointConfig, String dialect, ResourceConfigKeys keys, List<List<String>> resourcePaths) {
    if (resourcePaths != null && resourcePaths.size() != collections.size()) {
      throw new IllegalArgumentException(
          resourcePaths.size() + " resource paths for " + collections.size() + " bindings");
    }
    String name = materializationName(dialect);
    Flow.MaterializationSpec.Builder spec = Flow.MaterializationSpec.newBuilder()
        .setName(name)
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
        .setConfigJson(ByteString.copyFromUtf8(endpointConfig.toString()));
    for (int i = 0; i < collections.size(); i++) {
      Collection c = collections.get(i);
      List<String> path = resourcePaths == null ? c.placeholderResourcePath(endpointConfig, keys) : resourcePaths.get(i);
      if (path.isEmpty() || path.stream().anyMatch(p -> p == null || p.isEmpty())) {
        throw new IllegalArgumentException("binding " + i + ": a resource path needs non-empty components: " + path);
      }
      String encoded = encodeResourcePath(path) + ".v" + c.backfill();
      spec.addBindings(Flow.MaterializationSpec.Binding.newBuilder()
          .setResourceConfigJson(ByteString.copyFromUtf8(c.resourceConfig(keys).toString()))
          .addAllResourcePath(path)
          .setCollection(c.spec())
          .setFieldSelection(c.fieldSelection())
          .setDeltaUpdates(c.deltaUpdates())
          .setJournalReadSuffix("materialize/" + name + "/" + encoded)
          .setBackfill(c.backfill())
          .setStateKey(encoded));
    }
    return spec.build();
  }

  /**
   * The materialization Flow would build from the connector's Validated response: its resource paths and, per binding,
   * the field selection Flow's default makes from the constraints ({@link FieldSelector}), keeping the optional fields
   * of {@code last} (the spec applied before) and honouring the catalog's {@code fields}.
   */
  public Flow.MaterializationSpec materialization(JsonNode endpointConfig, String dialect, ResourceConfigKeys keys,
      Materialize.Response.Validated validated, Optional<Flow.MaterializationSpec> last) {
    if (validated.getBindingsCount() != collections.size()) {
      throw new IllegalArgumentException("the connector validated " + validated.getBindingsCount() + " bindings of "
          + collections.size());
    }
    List<List<String>> paths = new ArrayList<>();
    validated.getBindingsList().forEach(b -> paths.add(b.getResourcePathList()));
    Flow.MaterializationSpec placeholder = materialization(endpointConfig, dialect, keys, paths);
    Flow.MaterializationSpec.Builder spec = placeholder.toBuilder();
    for (int i = 0; i < collections.size(); i++) {
      Collection c = collections.get(i);
      Flow.MaterializationSpec.Binding b = placeholder.getBindings(i);
      Optional<Flow.FieldSelection> lastSelection = last.flatMap(l -> l.getBindingsList().stream()
          .filter(x -> x.getResourcePathList().equals(b.getResourcePathList()) && x.getBackfill() == b.getBackfill())
          .findFirst()).map(Flow.MaterializationSpec.Binding::getFieldSelection);
      spec.setBindings(i, b.toBuilder().setFieldSelection(FieldSelector.select("binding " + i + " (" + c.name() + " → "
          + String.join(".", b.getResourcePathList()) + ")", c.spec(), validated.getBindings(i), c.requiredFields(),
          c.excludedFields(), lastSelection)));
    }
    return spec.build();
  }

  /** The Validate request Flow would send for this example: every binding proposed, grouped by its collection key. */
  public Materialize.Request.Validate validate(JsonNode endpointConfig, String dialect) {
    return validate(endpointConfig, dialect, ResourceConfigKeys.forDialect(dialect));
  }

  /** The same, with resource config keys. */
  public Materialize.Request.Validate validate(JsonNode endpointConfig, String dialect, ResourceConfigKeys keys) {
    Materialize.Request.Validate.Builder v = Materialize.Request.Validate.newBuilder()
        .setName(materializationName(dialect))
        .setConnectorType(Flow.MaterializationSpec.ConnectorType.IMAGE)
        .setConfigJson(ByteString.copyFromUtf8(endpointConfig.toString()));
    for (Collection c : collections) {
      v.addBindings(Materialize.Request.Validate.Binding.newBuilder()
          .setResourceConfigJson(ByteString.copyFromUtf8(c.resourceConfig(keys).toString()))
          .setCollection(c.spec())
          .setBackfill(c.backfill())
          .addAllGroupBy(c.fieldSelection().getKeysList()));
    }
    return v.build();
  }

  /**
   * Flow's {@code encode_resource_path}: components joined with {@code /}, then every character except letters,
   * digits and {@code -_+.=} percent-encoded (so {@code [main, orders]} is {@code main%2Forders}).
   */
  public static String encodeResourcePath(List<String> path) {
    String joined = String.join("/", path);
    StringBuilder out = new StringBuilder(joined.length());
    joined.codePoints().forEach(cp -> {
      if (cp == '-' || cp == '_' || cp == '+' || cp == '.' || cp == '=' || Character.isLetterOrDigit(cp)) {
        out.appendCodePoint(cp);
      } else {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xFF));
        }
      }
    });
    return out.toString();
  }

  // ---- one collection ----

  /** One collection of the example, with the spec Flow would build for it. */
  public static final class Collection {
    private final String name;
    private final List<String> key;
    private final JsonNode schema;
    private final String schemaSource;
    private final Reduction reduction;
    private final Path documents;
    private final String table;
    private final Optional<String> schemaName;
    private final boolean deltaUpdates;
    private final int backfill;
    private final Flow.CollectionSpec spec;
    private final Flow.FieldSelection fieldSelection;
    private final boolean defaultOp;
    private final JsonSchema validator;
    private final Map<String, JsonNode> require;
    private final Set<String> exclude;

    private Collection(String name, List<String> key, JsonNode schema, String schemaSource, Reduction reduction,
        Path documents, String table, Optional<String> schemaName, boolean deltaUpdates, int backfill,
        List<Flow.Projection> projections, boolean defaultOp, JsonSchema validator, Map<String, JsonNode> require,
        Set<String> exclude) {
      this.name = name;
      this.key = List.copyOf(key);
      this.schema = schema;
      this.schemaSource = schemaSource;
      this.reduction = reduction;
      this.documents = documents;
      this.table = table;
      this.schemaName = schemaName;
      this.deltaUpdates = deltaUpdates;
      this.backfill = backfill;
      this.defaultOp = defaultOp;
      this.validator = validator;
      this.require = Map.copyOf(require);
      this.exclude = Set.copyOf(exclude);
      this.spec = Flow.CollectionSpec.newBuilder()
          .setName(name)
          .setWriteSchemaJson(ByteString.copyFromUtf8(schema.toString()))
          .addAllKey(key)
          .setUuidPtr(SchemaProjections.UUID_PTR)
          .addAllProjections(projections)
          .setAckTemplateJson(ByteString.copyFromUtf8(ACK_TEMPLATE))
          .build();
      this.fieldSelection = defaultFieldSelection(spec);
    }

    public String name() {
      return name;
    }

    /** The collection key, as JSON pointers. */
    public List<String> key() {
      return key;
    }

    /** The collection's JSON schema. */
    public JsonNode schema() {
      return schema;
    }

    /** Where the schema came from: its file, or {@code catalog.json /collections/i/schema} when inline. */
    public String schemaSource() {
      return schemaSource;
    }

    public Reduction reduction() {
      return reduction;
    }

    /** The JSON lines file of the documents. */
    public Path documentsFile() {
      return documents;
    }

    public String table() {
      return table;
    }

    /** The table's schema (BigQuery: dataset), if the catalog names one. */
    public Optional<String> schemaName() {
      return schemaName;
    }

    public boolean deltaUpdates() {
      return deltaUpdates;
    }

    /** Flow's backfill counter of the binding. */
    public int backfill() {
      return backfill;
    }

    /** The collection as Flow builds it: projections, key, UUID pointer, write schema. */
    public Flow.CollectionSpec spec() {
      return spec;
    }

    /**
     * A placeholder field selection, for specs built without a connector's Validated (tests, the placeholder forms of
     * {@link ExampleCatalog#materialization}); the runner selects from the constraints instead ({@link FieldSelector}).
     * {@code keys} the canonical fields of the key pointers in key order;
     * {@code document} {@code flow_document}; {@code values} every other field the suite's Validate recommends for
     * a new table, ascending (code point order): scalars at any depth (nested ones such as {@code customer/name}
     * included), arrays, fields of several types, {@code _meta/op} and {@code flow_published_at}; not objects
     * (their scalars are selected instead), not fields that can only be null, and not the other {@code _meta/}
     * fields (such as {@code _meta/flow_truncated}).
     */
    public Flow.FieldSelection fieldSelection() {
      return fieldSelection;
    }

    /** The catalog's {@code fields.require}: optional fields to select too, with their field config. */
    public Map<String, JsonNode> requiredFields() {
      return require;
    }

    /** The catalog's {@code fields.exclude}: recommended fields to leave out. */
    public Set<String> excludedFields() {
      return exclude;
    }

    /**
     * The resource config of the binding, under {@code keys}.
     *
     * @throws CatalogException when the example sets a schema or delta updates and the connector has no such property
     */
    public ObjectNode resourceConfig(ResourceConfigKeys keys) {
      ObjectNode config = JsonNodeFactory.instance.objectNode();
      config.put(keys.table(), table);
      if (schemaName.isPresent()) {
        if (keys.schema() == null) {
          throw new CatalogException(name + ": \"schema_name\" is set, but the connector's resource config has no"
              + " property annotated x-schema-name");
        }
        config.put(keys.schema(), schemaName.get());
      }
      if (keys.deltaUpdates() != null) {
        config.put(keys.deltaUpdates(), deltaUpdates);
      } else if (deltaUpdates) {
        throw new CatalogException(name + ": \"delta_updates\" is true, but the connector's resource config has no"
            + " property annotated x-delta-updates");
      }
      return config;
    }

    List<String> placeholderResourcePath(JsonNode endpointConfig, ResourceConfigKeys keys) {
      String schema = schemaName.orElseGet(() -> {
        String fromEndpoint = keys.schema() == null ? "" : endpointConfig.path(keys.schema()).asText("");
        return fromEndpoint.isEmpty() ? "main" : fromEndpoint;
      });
      return List.of(schema, table);
    }

    /**
     * A new streaming reader of the documents; close it (or read it to the end, which closes it).
     *
     * @throws CatalogException if the file cannot be opened; reading throws it for a bad line
     */
    public DocumentReader documents() {
      return new DocumentReader(documents, name, key, defaultOp, validator);
    }

    @Override
    public String toString() {
      return name + " → " + schemaName.map(s -> s + ".").orElse("") + table;
    }
  }

  static Flow.FieldSelection defaultFieldSelection(Flow.CollectionSpec spec) {
    Map<String, Flow.Projection> byPtr = new LinkedHashMap<>();
    for (Flow.Projection p : spec.getProjectionsList()) {
      if (p.getField().equals(p.getPtr().isEmpty() ? SchemaProjections.FLOW_DOCUMENT : p.getPtr().substring(1))) {
        byPtr.putIfAbsent(p.getPtr(), p); // the canonical projection of each pointer
      }
    }
    Flow.FieldSelection.Builder b = Flow.FieldSelection.newBuilder();
    Set<String> keyFields = new HashSet<>();
    for (String k : spec.getKeyList()) {
      String field = byPtr.get(k).getField();
      b.addKeys(field);
      keyFields.add(field);
    }
    TreeSet<String> values = new TreeSet<>(SchemaProjections.CODE_POINT_ORDER);
    for (Flow.Projection p : spec.getProjectionsList()) {
      if (!keyFields.contains(p.getField()) && !p.getPtr().isEmpty() && recommended(p)) {
        values.add(p.getField());
      }
    }
    b.addAllValues(values);
    b.setDocument(SchemaProjections.FLOW_DOCUMENT);
    return b.build();
  }

  private static boolean recommended(Flow.Projection p) {
    String field = p.getField();
    if (field.startsWith("_meta/") && !field.equals(SchemaProjections.OP_FIELD)) {
      return false;
    }
    List<String> types = new ArrayList<>(p.getInference().getTypesList());
    types.remove("null");
    return !types.isEmpty() && !types.equals(List.of("object"));
  }

  // ---- reading and checking the catalog ----

  private static Collection collection(Path dir, Path file, String at, JsonNode node) {
    if (!node.isObject()) {
      throw fail(file, at, "a collection must be an object, not " + SchemaProjections.describe(node));
    }
    unknownKeys(file, at, node, COLLECTION_KEYS);
    String name = name(file, at + "/name", required(file, at, node, "name"));
    if (!name.matches("[\\p{L}\\p{N}\\-_.]+(/[\\p{L}\\p{N}\\-_.]+)+")) {
      throw fail(file, at + "/name", "\"" + name + "\" is not a collection name: a prefix and a name, like"
          + " acmeCo/orders (letters, digits, - _ . between slashes)");
    }
    JsonNode keyNode = required(file, at, node, "key");
    if (!keyNode.isArray() || keyNode.isEmpty()) {
      throw fail(file, at + "/key", "expected a non-empty array of JSON pointers, like [\"/id\"]");
    }
    List<String> key = new ArrayList<>();
    for (int j = 0; j < keyNode.size(); j++) {
      JsonNode k = keyNode.get(j);
      if (!k.isTextual() || !k.textValue().startsWith("/")) {
        throw fail(file, at + "/key/" + j, "a key component must be a JSON pointer starting with '/', not " + k);
      }
      if (key.contains(k.textValue())) {
        throw fail(file, at + "/key/" + j, "key component " + k.textValue() + " is repeated");
      }
      key.add(k.textValue());
    }

    JsonNode schemaRef = required(file, at, node, "schema");
    JsonNode schema;
    Path schemaFile;
    String schemaSource;
    if (schemaRef.isTextual()) {
      schemaFile = sibling(dir, file, at + "/schema", schemaRef.textValue());
      schema = readJson(schemaFile, "the schema of " + name + " (" + file + " " + at + "/schema)");
      schemaSource = schemaFile.toString();
    } else if (schemaRef.isObject()) {
      schemaFile = file;
      schema = schemaRef;
      schemaSource = file + " " + at + "/schema";
    } else {
      throw fail(file, at + "/schema", "expected a schema file name or an inline schema object, not "
          + SchemaProjections.describe(schemaRef));
    }
    String inFile = schemaRef.isTextual() ? "" : at + "/schema";
    SchemaProjections projections;
    try {
      projections = SchemaProjections.of(schema);
    } catch (SchemaProjections.SchemaException e) {
      throw fail(schemaFile, inFile + e.schemaPath(), e.problem());
    }
    for (int j = 0; j < key.size(); j++) {
      Optional<String> problem = projections.keyProblem(key.get(j));
      if (problem.isPresent()) {
        throw fail(file, at + "/key/" + j, problem.get() + " of " + schemaSource);
      }
    }
    List<Flow.Projection> built;
    try {
      built = projections.projections(key);
    } catch (IllegalArgumentException e) {
      throw fail(schemaFile, inFile, e.getMessage());
    }

    Reduction reduction = Reduction.LAST_WRITE_WINS;
    JsonNode r = node.get("reduction");
    if (r != null) {
      reduction = r.isTextual() ? REDUCTIONS.get(r.asText()) : null;
      if (reduction == null) {
        throw fail(file, at + "/reduction", "expected \"lastWriteWins\" or \"merge\", not " + r);
      }
    }
    JsonNode docs = required(file, at, node, "documents");
    if (!docs.isTextual()) {
      throw fail(file, at + "/documents", "expected the name of a JSON lines file, not " + SchemaProjections.describe(docs));
    }
    Path documents = sibling(dir, file, at + "/documents", docs.textValue());
    if (!Files.isRegularFile(documents)) {
      throw new CatalogException(documents + ": no such file (the documents of " + name + ", " + file + " " + at
          + "/documents)");
    }
    String table = nonEmptyText(file, at + "/table", required(file, at, node, "table"));
    Optional<String> schemaName = node.has("schema_name")
        ? Optional.of(nonEmptyText(file, at + "/schema_name", node.get("schema_name")))
        : Optional.empty();
    boolean delta = false;
    if (node.has("delta_updates")) {
      JsonNode d = node.get("delta_updates");
      if (!d.isBoolean()) {
        throw fail(file, at + "/delta_updates", "expected true or false, not " + d);
      }
      delta = d.booleanValue();
    }
    int backfill = 0;
    if (node.has("backfill")) {
      JsonNode b = node.get("backfill");
      if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 0) {
        throw fail(file, at + "/backfill", "expected a non-negative integer, not " + b);
      }
      backfill = b.intValue();
    }
    if (node.has("description") && !node.get("description").isTextual()) {
      throw fail(file, at + "/description", "expected a string");
    }
    boolean defaultOp = projections.location(SchemaProjections.OP_PTR).isEmpty();
    JsonSchema validator;
    try {
      validator = SCHEMAS.getSchema(schema);
    } catch (RuntimeException e) {
      throw fail(schemaFile, inFile, "not a usable JSON schema: " + oneLine(e.getMessage()));
    }
    Map<String, JsonNode> require = new LinkedHashMap<>();
    Set<String> exclude = new java.util.LinkedHashSet<>();
    JsonNode fields = node.get("fields");
    if (fields != null) {
      if (!fields.isObject()) {
        throw fail(file, at + "/fields", "expected an object with \"require\" and/or \"exclude\"");
      }
      unknownKeys(file, at + "/fields", fields, FIELDS_KEYS);
      JsonNode req = fields.get("require");
      if (req != null) {
        if (!req.isObject()) {
          throw fail(file, at + "/fields/require", "expected an object of field → field config, like {\"tax\": {}}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = req.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isObject()) {
            throw fail(file, at + "/fields/require/" + SchemaProjections.escape(e.getKey()), "expected a field config object");
          }
          require.put(e.getKey(), e.getValue());
        }
      }
      JsonNode exc = fields.get("exclude");
      if (exc != null) {
        if (!exc.isArray()) {
          throw fail(file, at + "/fields/exclude", "expected an array of field names");
        }
        for (int j = 0; j < exc.size(); j++) {
          if (!exc.get(j).isTextual()) {
            throw fail(file, at + "/fields/exclude/" + j, "expected a field name");
          }
          exclude.add(exc.get(j).textValue());
        }
      }
      for (String f : require.keySet()) {
        if (exclude.contains(f)) {
          throw fail(file, at + "/fields", "field '" + f + "' is both required and excluded");
        }
      }
    }
    return new Collection(name, key, schema, schemaSource, reduction, documents, table, schemaName, delta, backfill,
        built, defaultOp, validator, require, exclude);
  }

  private static JsonNode readJson(Path file, String what) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CatalogException(file + ": no such file (" + what + ")");
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      JsonNode node = READER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new CatalogException(file + ": empty file, expected JSON (" + what + ")");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CatalogException(file + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr()) + ": not JSON: "
          + oneLine(e.getOriginalMessage())
          + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Path sibling(Path dir, Path file, String at, String name) {
    if (name.isEmpty()) {
      throw fail(file, at, "expected a file name, not an empty string");
    }
    Path p = dir.resolve(name).normalize();
    if (!p.startsWith(dir.normalize())) {
      throw fail(file, at, "\"" + name + "\" is outside the example directory; keep examples self-contained");
    }
    return dir.resolve(name);
  }

  private static JsonNode required(Path file, String at, JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw fail(file, at, "missing \"" + key + "\"");
    }
    return v;
  }

  private static String name(Path file, String at, JsonNode node) {
    return nonEmptyText(file, at, node);
  }

  private static String nonEmptyText(Path file, String at, JsonNode node) {
    if (!node.isTextual() || node.textValue().isEmpty()) {
      throw fail(file, at, "expected a non-empty string, not " + SchemaProjections.describe(node));
    }
    return node.textValue();
  }

  private static void unknownKeys(Path file, String at, JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw fail(file, at + "/" + SchemaProjections.escape(k), "unknown key \"" + k + "\" (expected one of "
            + new TreeSet<>(allowed).toString().replace("$comment, ", "") + ")");
      }
    }
  }

  private static CatalogException fail(Path file, String pointer, String problem) {
    return new CatalogException(file + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + problem);
  }

  /** A parser's message on one line, since every catalog error is one line. */
  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
