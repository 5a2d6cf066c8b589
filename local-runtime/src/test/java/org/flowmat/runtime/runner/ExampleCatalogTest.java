package org.flowmat.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize;
import org.flowmat.runtime.runner.ExampleCatalog.CatalogException;
import org.flowmat.runtime.runner.ExampleCatalog.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleCatalogTest {
  /** The committed example (examples/orders, written by flowmat-cli's OrdersExampleGenerator). */
  static final Path EXAMPLE = Path.of("..", "examples", "orders");
  static final JsonNode DUCKDB = tree("{\"database\":\"orders.duckdb\"}");

  @Test
  void loadsTheCommittedExample() {
    ExampleCatalog catalog = ExampleCatalog.load(EXAMPLE);
    assertThat(catalog.collections()).extracting(Collection::name)
        .containsExactly("acmeCo/orders", "acmeCo/order-events");

    Collection orders = catalog.collection("acmeCo/orders");
    assertThat(orders.key()).containsExactly("/order_id");
    assertThat(orders.reduction()).isEqualTo(org.flowmat.runtime.local.Reducer.Reduction.LAST_WRITE_WINS);
    assertThat(orders.deltaUpdates()).isFalse();
    assertThat(orders.table()).isEqualTo("orders");
    assertThat(orders.schemaName()).isEmpty();
    assertThat(orders.schemaSource()).endsWith("orders.schema.json");
    assertThat(orders.spec().getProjectionsList()).extracting(Flow.Projection::getField).containsExactly(
        "_meta/flow_truncated", "_meta/op", "coupon_code", "created_at", "customer", "customer/address",
        "customer/address/city", "customer/address/country", "customer/email", "customer/id", "customer/name",
        "flow_document", "flow_published_at", "line_items", "order_id", "status", "tax", "total", "updated_at");
    assertThat(orders.fieldSelection().getKeysList()).containsExactly("order_id");
    assertThat(orders.fieldSelection().getValuesList()).containsExactly(
        "_meta/op", "coupon_code", "created_at", "customer/address/city", "customer/address/country",
        "customer/email", "customer/id", "customer/name", "flow_published_at", "line_items", "status", "tax", "total",
        "updated_at");
    assertThat(orders.fieldSelection().getDocument()).isEqualTo("flow_document");

    Collection events = catalog.collection("acmeCo/order-events");
    assertThat(events.deltaUpdates()).isTrue();
    assertThat(events.schemaSource()).contains("catalog.json /collections/1/schema");
    assertThat(events.fieldSelection().getKeysList()).containsExactly("event_id");
    assertThat(events.fieldSelection().getValuesList())
        .containsExactly("_meta/op", "amount", "at", "flow_published_at", "order_id", "type");

    assertThat(count(orders)).isEqualTo(19_000);
    assertThat(count(events)).isEqualTo(1_894);
  }

  @Test
  void buildsTheMaterializationFlowWouldSend() {
    ExampleCatalog catalog = ExampleCatalog.load(EXAMPLE);
    Flow.MaterializationSpec spec = catalog.materialization(DUCKDB, "duckdb");
    assertThat(spec.getName()).isEqualTo("acmeCo/local-duckdb");
    assertThat(spec.getConnectorType()).isEqualTo(Flow.MaterializationSpec.ConnectorType.IMAGE);
    assertThat(tree(spec.getConfigJson().toStringUtf8())).isEqualTo(DUCKDB);
    assertThat(spec.getBindingsCount()).isEqualTo(2);

    Flow.MaterializationSpec.Binding orders = spec.getBindings(0);
    assertThat(tree(orders.getResourceConfigJson().toStringUtf8()))
        .isEqualTo(tree("{\"table\":\"orders\",\"delta_updates\":false}"));
    assertThat(orders.getResourcePathList()).containsExactly("main", "orders");
    assertThat(orders.getCollection()).isEqualTo(catalog.collection("acmeCo/orders").spec());
    assertThat(orders.getCollection().getUuidPtr()).isEqualTo("/_meta/uuid");
    assertThat(tree(orders.getCollection().getWriteSchemaJson().toStringUtf8()))
        .isEqualTo(catalog.collection("acmeCo/orders").schema());
    assertThat(orders.getFieldSelection()).isEqualTo(catalog.collection("acmeCo/orders").fieldSelection());
    assertThat(orders.getDeltaUpdates()).isFalse();
    assertThat(orders.getBackfill()).isZero();
    assertThat(orders.getStateKey()).isEqualTo("main%2Forders.v0");
    assertThat(orders.getJournalReadSuffix()).isEqualTo("materialize/acmeCo/local-duckdb/main%2Forders.v0");

    Flow.MaterializationSpec.Binding events = spec.getBindings(1);
    assertThat(events.getDeltaUpdates()).isTrue();
    assertThat(tree(events.getResourceConfigJson().toStringUtf8()))
        .isEqualTo(tree("{\"table\":\"order_events\",\"delta_updates\":true}"));

    // The resource paths Validated returned replace the placeholders, and state keys follow them.
    Flow.MaterializationSpec validated = catalog.materialization(DUCKDB, "duckdb",
        List.of(List.of("shop", "orders"), List.of("shop", "order events")));
    assertThat(validated.getBindings(0).getResourcePathList()).containsExactly("shop", "orders");
    assertThat(validated.getBindings(1).getStateKey()).isEqualTo("shop%2Forder%20events.v0");
    assertThatThrownBy(() -> catalog.materialization(DUCKDB, "duckdb", List.of(List.of("x"))))
        .hasMessageContaining("1 resource paths for 2 bindings");

    // The endpoint's schema is the placeholder's; BigQuery keeps the table's dataset under "dataset".
    Flow.MaterializationSpec bq = catalog.materialization(tree("{\"dataset\":\"analytics\"}"), "bigquery");
    assertThat(bq.getBindings(0).getResourcePathList()).containsExactly("analytics", "orders");
  }

  @Test
  void buildsTheValidateRequest() {
    Materialize.Request.Validate v = ExampleCatalog.load(EXAMPLE).validate(DUCKDB, "duckdb");
    assertThat(v.getName()).isEqualTo("acmeCo/local-duckdb");
    assertThat(v.getBindingsCount()).isEqualTo(2);
    assertThat(v.getBindings(0).getGroupByList()).containsExactly("order_id");
    assertThat(v.getBindings(1).getCollection().getName()).isEqualTo("acmeCo/order-events");
  }

  @Test
  void resourceConfigKeysComeFromTheConnectorsResourceSchema() {
    JsonNode schema = tree("{\"properties\":{\"name\":{\"x-collection-name\":true},\"ns\":{\"x-schema-name\":true},"
        + "\"delta\":{\"x-delta-updates\":true}}}");
    assertThat(ExampleCatalog.ResourceConfigKeys.fromSchema(schema, "duckdb"))
        .isEqualTo(new ExampleCatalog.ResourceConfigKeys("name", "ns", "delta"));
    assertThat(ExampleCatalog.ResourceConfigKeys.forDialect("bigquery").schema()).isEqualTo("dataset");
  }

  @Test
  void encodesResourcePathsAsFlowDoes() {
    assertThat(ExampleCatalog.encodeResourcePath(List.of("public", "orders"))).isEqualTo("public%2Forders");
    assertThat(ExampleCatalog.encodeResourcePath(List.of("some path"))).isEqualTo("some%20path");
    assertThat(ExampleCatalog.encodeResourcePath(List.of("a-b_c+d.e=f", "ñ", "€"))).isEqualTo("a-b_c+d.e=f%2Fñ%2F%E2%82%AC");
  }

  // ---- documents ----

  @Test
  void documentsStreamWithTheirPublicationClock() {
    Collection orders = ExampleCatalog.load(EXAMPLE).collection("acmeCo/orders");
    try (DocumentReader r = orders.documents()) {
      ObjectNode first = r.next();
      assertThat(r.lineNumber()).isEqualTo(1);
      assertThat(first.at("/_meta/op").asText()).isEqualTo("c");
      UUID uuid = UUID.fromString(first.at("/_meta/uuid").asText());
      assertThat(PublicationClock.instant(uuid).toString()).startsWith("2024-03-01T00:00");
    }
  }

  @Test
  void aDocumentWithoutUuidGetsOneFromAMonotonicClock(@TempDir Path dir) throws IOException {
    write(dir, "catalog.json", catalog("\"schema\":" + SCHEMA));
    write(dir, "docs.jsonl", "{\"id\":1}\n\n{\"id\":2,\"_meta\":{\"op\":\"d\"}}\n");
    List<ObjectNode> docs = new ArrayList<>();
    ExampleCatalog.load(dir).collections().get(0).documents().forEachRemaining(docs::add);
    assertThat(docs).hasSize(2);
    UUID a = UUID.fromString(docs.get(0).at("/_meta/uuid").asText());
    UUID b = UUID.fromString(docs.get(1).at("/_meta/uuid").asText());
    assertThat(a.version()).isEqualTo(1);
    assertThat(b.timestamp()).isGreaterThan(a.timestamp());
    assertThat(docs.get(0).at("/_meta/op").asText()).isEqualTo("u"); // the schema does not declare _meta/op
    assertThat(docs.get(1).at("/_meta/op").asText()).isEqualTo("d");
  }

  @Test
  void badDocumentsAreNamedByFileAndLine(@TempDir Path dir) throws IOException {
    write(dir, "catalog.json", catalog("\"schema\":" + SCHEMA));
    String f = dir.resolve("docs.jsonl").toString();
    assertBadDocument(dir, "{\"id\":1}\n{\"id\":2,}\n", f + ":2: not JSON: ");
    assertBadDocument(dir, "{\"id\":1} {\"id\":2}\n", f + ":1: not JSON: ");
    assertBadDocument(dir, "[1]\n", f + ":1: a document must be a JSON object, not array [1]");
    assertBadDocument(dir, "\n\n{\"name\":\"x\"}\n", f + ":3: the document has no key /id");
    assertBadDocument(dir, "{\"id\":null}\n", f + ":1: the document has no key /id (it is null)");
    assertBadDocument(dir, "{\"id\":1,\"_meta\":{\"uuid\":\"" + UUID.randomUUID() + "\"}}\n",
        f + ":1: _meta/uuid \"");
    assertBadDocument(dir, "{\"id\":1,\"_meta\":{\"op\":\"x\"}}\n", f + ":1: _meta/op \"x\" must be");
    assertBadDocument(dir, "{\"id\":1,\"_meta\":[]}\n", f + ":1: _meta must be an object");
    assertBadDocument(dir, "{\"id\":\"one\"}\n", f + ":1: the document does not match the schema of acmeCo/things: ");
  }

  // ---- catalog errors: one line, naming the file and the place ----

  @Test
  void aMissingDirectoryOrCatalog(@TempDir Path dir) {
    assertThatThrownBy(() -> ExampleCatalog.load(dir.resolve("nope")))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(dir.resolve("nope") + ": no such directory");
    assertThatThrownBy(() -> ExampleCatalog.load(dir))
        .hasMessage(dir.resolve("catalog.json") + ": no such file (the example's catalog)");
  }

  @Test
  void badCatalogs(@TempDir Path dir) throws IOException {
    write(dir, "docs.jsonl", "");
    String c = dir.resolve("catalog.json") + ": ";
    assertBadCatalog(dir, "{\"collections\": [\n  {\"name\": \"a/b\",,}]}", c.replace(": ", ":2: ") + "not JSON: ");
    assertBadCatalog(dir, "{\"collections\": [], \"x\": 1}", c + "/x: unknown key \"x\"");
    assertBadCatalog(dir, "{\"collections\": []}", c + "/collections: expected a non-empty array");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("\"table\"", "\"tabel\""),
        c + "/collections/0/tabel: unknown key \"tabel\"");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("\"key\":[\"/id\"]", "\"key\":[\"/order_id\"]"),
        c + "/collections/0/key/0: key /order_id is not a location of the schema");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("\"key\":[\"/id\"]", "\"key\":[\"/name\"]"),
        c + "/collections/0/key/0: key /name may not exist");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("\"key\":[\"/id\"]", "\"key\":[]"),
        c + "/collections/0/key: expected a non-empty array");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("acmeCo/things", "things"),
        c + "/collections/0/name: \"things\" is not a collection name");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("lastWriteWins", "sum"),
        c + "/collections/0/reduction: expected \"lastWriteWins\" or \"merge\", not \"sum\"");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("docs.jsonl", "missing.jsonl"),
        dir.resolve("missing.jsonl") + ": no such file (the documents of acmeCo/things");
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA).replace("docs.jsonl", "../docs.jsonl"),
        c + "/collections/0/documents: \"../docs.jsonl\" is outside the example directory");
    // An inline schema's problem is placed within the catalog.
    assertBadCatalog(dir, catalog("\"schema\":" + SCHEMA.replace("\"string\"", "\"text\"")),
        c + "/collections/0/schema/properties/name/type: unknown type \"text\"");
    // A schema file's problems are placed within that file.
    write(dir, "s.json", SCHEMA.replace("{\"type\":\"string\"}", "{\"$ref\":\"other.json\"}"));
    assertBadCatalog(dir, catalog("\"schema\":\"s.json\""),
        dir.resolve("s.json") + ": /properties/name/$ref: only local references");
    write(dir, "s.json", "{\"type\": ");
    assertBadCatalog(dir, catalog("\"schema\":\"s.json\""), dir.resolve("s.json") + ":1: not JSON: ");
    assertBadCatalog(dir, catalog("\"schema\":\"none.json\""),
        dir.resolve("none.json") + ": no such file (the schema of acmeCo/things");
    String twice = catalog("\"schema\":" + SCHEMA);
    int at = twice.indexOf('{', twice.indexOf('['));
    String entry = twice.substring(at, twice.lastIndexOf(']'));
    assertBadCatalog(dir, twice.replace(entry, entry + "," + entry),
        c + "/collections/1/name: collection acmeCo/things is already defined at /collections/0");
  }

  static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"id\"],"
      + "\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}}}";

  static String catalog(String schema) {
    return "{\"collections\":[{\"name\":\"acmeCo/things\",\"key\":[\"/id\"]," + schema
        + ",\"reduction\":\"lastWriteWins\",\"documents\":\"docs.jsonl\",\"table\":\"things\"}]}";
  }

  private static void assertBadCatalog(Path dir, String catalog, String messageStart) throws IOException {
    write(dir, "catalog.json", catalog);
    assertThatThrownBy(() -> ExampleCatalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(messageStart)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static void assertBadDocument(Path dir, String lines, String messageStart) throws IOException {
    write(dir, "docs.jsonl", lines);
    Collection c = ExampleCatalog.load(dir).collections().get(0);
    assertThatThrownBy(() -> {
      try (DocumentReader r = c.documents()) {
        r.forEachRemaining(d -> {});
      }
    })
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(messageStart)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static long count(Collection c) {
    long n = 0;
    try (DocumentReader r = c.documents()) {
      while (r.hasNext()) {
        r.next();
        n++;
      }
    }
    return n;
  }

  private static void write(Path dir, String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  static JsonNode tree(String json) {
    return SchemaProjections.parse(json);
  }
}
