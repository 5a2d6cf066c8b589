package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.testkit.TestCollections.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.local.ConnectorChannel;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.LocalRuntimeException;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.junit.jupiter.api.Test;

/**
 * No value Flow can send kills a session: every flat type × format × edge value (RFC 3339 date-times, dates and times
 * in every form, integers beyond 64 bits, NaN and the infinities as string numbers, every form of base64, NUL,
 * non-BMP text, 16 MiB strings) is stored through real sessions, read back through Load (documents rebuilt from
 * columns, so the dialect reads its own columns) and compared with the normalization the dialect documents; values a
 * column cannot hold are refused at Store, naming binding, field, key and value, and leave no plan behind.
 *
 * <p>Expected values are in Flow's form: date-times as UTC with microseconds (digits beyond truncated, a leap second
 * as {@code :59.999999}, instants clamped to years 0001..9999), times as wall-clock UTC, base64 padded standard.
 */
public abstract class ValueFormsConformance extends ConformanceHarness {

  /** One edge value of one field, and what Load must return for it (JSON). */
  protected record Case(String field, String input, String expected) {}

  private static final String DT = "2024-02-29T12:00:00.000000Z";

  /** The table: field, value as sent, value as stored. */
  protected static List<Case> cases() {
    String big = "x".repeat(16 << 20);
    return List.of(
        // date-time: either case of T and Z, a space, offsets, fractional digits, leap seconds, the year range
        new Case("ts", "\"2024-02-29T12:00:00z\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29t12:00:00Z\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29t12:00:00z\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29 12:00:00Z\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29T12:00:00Z\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29T17:30:00+05:30\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29T10:45:00-01:15\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29T12:00:00+00:00\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29T12:00:00-00:00\"", "\"" + DT + "\""),
        new Case("ts", "\"2024-02-29T12:00:00.1Z\"", "\"2024-02-29T12:00:00.100000Z\""),
        new Case("ts", "\"2024-02-29T12:00:00.123456789Z\"", "\"2024-02-29T12:00:00.123456Z\""),
        new Case("ts", "\"2024-02-29T12:00:00.999999999z\"", "\"2024-02-29T12:00:00.999999Z\""),
        new Case("ts", "\"2024-02-29T13:00:00.1234567+01:00\"", "\"2024-02-29T12:00:00.123456Z\""),
        new Case("ts", "\"2016-12-31T23:59:60Z\"", "\"2016-12-31T23:59:59.999999Z\""),
        new Case("ts", "\"2016-12-31t23:59:60.5z\"", "\"2016-12-31T23:59:59.999999Z\""),
        new Case("ts", "\"2017-01-01T05:29:60+05:30\"", "\"2016-12-31T23:59:59.999999Z\""),
        new Case("ts", "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00.000000Z\""),
        new Case("ts", "\"0000-06-01T00:00:00Z\"", "\"0001-01-01T00:00:00.000000Z\""),
        new Case("ts", "\"0001-01-01T00:30:00+01:00\"", "\"0001-01-01T00:00:00.000000Z\""),
        new Case("ts", "\"9999-12-31T23:59:59.999999Z\"", "\"9999-12-31T23:59:59.999999Z\""),
        new Case("ts", "\"9999-12-31T23:30:00-01:00\"", "\"9999-12-31T23:59:59.999999Z\""),
        // date
        new Case("d", "\"2024-02-29\"", "\"2024-02-29\""),
        new Case("d", "\"0001-01-01\"", "\"0001-01-01\""),
        new Case("d", "\"9999-12-31\"", "\"9999-12-31\""),
        new Case("d", "\"0000-01-01\"", "\"0001-01-01\""),
        // time: wall clock, offset dropped
        new Case("t", "\"12:34:56Z\"", "\"12:34:56Z\""),
        new Case("t", "\"12:34:56z\"", "\"12:34:56Z\""),
        new Case("t", "\"12:34:56+05:30\"", "\"12:34:56Z\""),
        new Case("t", "\"12:34:56.123456789-01:15\"", "\"12:34:56.123456Z\""),
        new Case("t", "\"23:59:60Z\"", "\"23:59:59.999999Z\""),
        new Case("t", "\"00:00:00.5Z\"", "\"00:00:00.5Z\""),
        // integers
        new Case("i", "9223372036854775807", "9223372036854775807"),
        new Case("i", "-9223372036854775808", "-9223372036854775808"),
        new Case("wide", "18446744073709551615", "18446744073709551615"),
        // Flow reads an integer beyond i64/u64 as the nearest double (serde_json), in the document and the packed
        // tuple alike: the exact integer value of that double is stored.
        new Case("wide", "-100000000000000000000", "-100000000000000000000"),
        new Case("wide", "1000000000000000000000000000000", "1000000000000000019884624838656"),
        new Case("wide", "-1000000000000000000000000000000", "-1000000000000000019884624838656"),
        new Case("si", "\"12345678901234567890123456789012345678\"", "\"12345678901234567890123456789012345678\""),
        new Case("si", "\"-99999999999999999999999999999999999999\"", "\"-99999999999999999999999999999999999999\""),
        new Case("si", "\"18446744073709551615\"", "\"18446744073709551615\""),
        new Case("si", "\"+12\"", "\"12\""),
        new Case("si", "\"12.000\"", "\"12\""),
        // numbers
        new Case("sn", "\"NaN\"", "\"NaN\""),
        new Case("sn", "\"Infinity\"", "\"Infinity\""),
        new Case("sn", "\"-Infinity\"", "\"-Infinity\""),
        new Case("sn", "\"1e400\"", "\"Infinity\""),
        new Case("sn", "\"1.5\"", "\"1.5\""),
        new Case("n", "18446744073709551615", "1.8446744073709552E19"),
        new Case("n", "-1.7976931348623157e308", "-1.7976931348623157E308"),
        new Case("n", "5e-324", "4.9E-324"),
        // base64
        new Case("bin", "\"aGVsbG8=\"", "\"aGVsbG8=\""),
        new Case("bin", "\"aGVsbG8\"", "\"aGVsbG8=\""),
        new Case("bin", "\"aGVs\\nbG8=\"", "\"aGVsbG8=\""),
        new Case("bin", "\"_-8\"", "\"/+8=\""),
        new Case("bin", "\"\"", "\"\""),
        // text
        new Case("s", "\"a\\u0000b\"", "\"a\\u0000b\""),
        new Case("s", "\"😀 \\ud834\\udd1e 名前\"", "\"😀 𝄞 名前\""),
        new Case("s", "\"" + big + "\"", "\"" + big + "\""),
        new Case("u", "\"3FA85F64-5717-4562-B3FC-2C963F66AFA6\"", "\"3fa85f64-5717-4562-b3fc-2c963f66afa6\""));
  }

  /** A document of {@code id} holding one case's field. */
  private static ObjectNode caseDoc(int id, Case c, String op) {
    return doc("{\"id\":" + id + ",\"" + c.field() + "\":" + c.input() + "}", op);
  }

  /** The committed state holds no plan that is still to be applied. */
  private static void assertNothingPending(LocalRuntime rt) {
    JsonNode state = rt.shards().get(0).state();
    List<String> pending = new ArrayList<>();
    state.fields().forEachRemaining(shard -> shard.getValue().path("bindings").fields()
        .forEachRemaining(b -> {
          if (b.getValue().isObject()) {
            pending.add(shard.getKey() + "/" + b.getKey());
          }
        }));
    assertThat(pending).as("plans left pending in the committed state %s", state).isEmpty();
  }

  private void roundTrip(ConnectorChannel.Factory connector, List<Case> cases) throws Exception {
    ObjectNode config = config(true);
    Flow.CollectionSpec forms = ValueFormsCollections.valueForms();
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(
        TestCollections.binding(path("value_forms"), forms, false, 0),
        ValueFormsCollections.withoutDocument(path("value_forms_columns"), forms)));
    LocalRuntime rt = LocalRuntime.builder(spec, connector).loadBackAtEnd(true).build();
    rt.apply();
    // Inserted, then stored again over themselves (Loads find them, MERGE updates them).
    List<Transaction> txns = new ArrayList<>();
    for (String op : List.of("c", "u")) {
      Transaction.Builder t = Transaction.builder();
      for (int i = 0; i < cases.size(); i++) {
        ObjectNode d = caseDoc(i, cases.get(i), op);
        t.add(0, d);
        t.add(1, d.deepCopy());
      }
      txns.add(t.build());
    }
    RunReport report = rt.run(txns);
    assertThat(report.loadMismatches()).filteredOn(m -> m.binding() == 0).isEmpty();
    assertNothingPending(rt);

    // The documents are stored as sent.
    Map<Long, JsonNode> stored = new TreeMap<>();
    for (JsonNode d : target().documents(config, path("value_forms"))) {
      stored.put(d.path("id").asLong(), d);
    }
    assertThat(stored).hasSize(cases.size());
    // Each column holds the normalized value: Load reads it back (in the second binding, from the columns).
    Map<Long, JsonNode> loaded = new TreeMap<>();
    for (Map.Entry<PackedTuple, JsonNode> e : report.loadedBack().get(1).entrySet()) {
      loaded.put(e.getValue().path("id").asLong(), e.getValue());
    }
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      // As sent; a number beyond 64 bits as the double Flow holds it.
      assertThat(canonical(stored.get((long) i).get(c.field()))).as("document of %s", c)
          .isEqualTo(canonical(TestCollections.JSON.readTree(c.input())));
      JsonNode got = loaded.containsKey((long) i) ? loaded.get((long) i).get(c.field()) : null;
      JsonNode want = TestCollections.JSON.readTree(c.expected());
      if (got == null || !canonical(got).equals(canonical(want))) {
        String shown = got == null ? "nothing" : got.toString();
        wrong.add(c.field() + " " + abbreviate(c.input()) + ": expected " + abbreviate(c.expected()) + ", loaded "
            + abbreviate(shown));
      }
    }
    assertThat(wrong).as("values stored otherwise than documented").isEmpty();
    // Both tables hold the same columns, one row per case.
    assertThat(target().rows(config, path("value_forms_columns"))).hasSize(cases.size());
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  @Test
  void everyValueFormIsStoredAsDocumented() throws Exception {
    roundTrip(inProcess(), cases());
  }

  @Test
  void throughTheConnectorImage() throws Exception {
    roundTrip(process(), cases().stream().filter(c -> c.input().length() < 200).filter(c -> c.field().equals("ts")
        || c.field().equals("t") || c.field().equals("bin") || c.field().equals("si")).toList());
  }

  @Test
  void keysOfNarrowFormsKeepTheirIdentity() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(
        TestCollections.binding(path("value_keys"), ValueFormsCollections.valueKeys(), false, 0)));
    LocalRuntime rt = LocalRuntime.builder(spec, inProcess()).loadBackAtEnd(true).build();
    rt.apply();
    // Four distinct keys (a date-time key is its text: one instant written three ways is three keys), twice.
    List<String> keys = List.of(
        "\"at\":\"2024-02-29T12:00:00z\",\"wide\":18446744073709551615",
        "\"at\":\"2024-02-29T12:00:00Z\",\"wide\":18446744073709551615",
        "\"at\":\"2024-02-29T17:30:00+05:30\",\"wide\":-100000000000000000000",
        "\"at\":\"2016-12-31T23:59:60.123456789Z\",\"wide\":9223372036854775808");
    List<Transaction> txns = new ArrayList<>();
    for (String v : List.of("first", "second")) {
      Transaction.Builder t = Transaction.builder();
      keys.forEach(k -> t.add(0, doc("{" + k + ",\"v\":\"" + v + "\"}", v.equals("first") ? "c" : "u")));
      txns.add(t.build());
    }
    RunReport report = rt.run(txns);
    assertThat(report.loadMismatches()).isEmpty();
    assertTablesMatch(rt, spec, config, true);
    assertNothingPending(rt);
    List<Map<String, String>> rows = target().rows(config, path("value_keys"));
    assertThat(rows).extracting(r -> r.get("at") + " " + r.get("v")).containsExactlyInAnyOrder(
        "2024-02-29T12:00:00z second", "2024-02-29T12:00:00Z second", "2024-02-29T17:30:00+05:30 second",
        "2016-12-31T23:59:60.123456789Z second");
    assertThat(rows).extracting(r -> r.get("wide")).containsExactlyInAnyOrder(
        "18446744073709551615", "18446744073709551615", "-100000000000000000000", "9223372036854775808");
  }

  /** Values a column cannot hold: field, value, and the text the error quotes (cut at 100 characters). */
  protected static List<Case> refused() {
    return List.of(
        new Case("i", "18446744073709551615", "is 18446744073709551615,"),
        new Case("i", "1000000000000000000000000000000", "is 1.0E30,"),
        new Case("si", "\"1" + "0".repeat(39) + "\"", "1" + "0".repeat(39)),
        new Case("bin", "\"not base64!\"", "not base64!"),
        new Case("bin", "\"" + "@".repeat(500) + "\"", "@".repeat(100) + "… (500 characters)"));
  }

  /** Through the connector image: its last stderr line is the error a user reads (in-process connectors have none). */
  @Test
  void aValueTheColumnCannotHoldIsRefusedAtStoreAndPoisonsNothing() throws Exception {
    int run = 0;
    for (Case c : refused()) {
      refusedAtStore(process(), c, run++);
    }
  }

  private void refusedAtStore(ConnectorChannel.Factory connector, Case c, int run) throws Exception {
    ObjectNode config = target().endpointConfig(dir.resolve("refused-" + run)).put("hardDelete", true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(
        TestCollections.binding(path("value_forms"), ValueFormsCollections.valueForms(), false, 0)));
    LocalRuntime rt = LocalRuntime.builder(spec, connector).build();
    rt.apply();
    Case ok = new Case("ts", "\"2024-02-29T12:00:00z\"", "");
    rt.run(List.of(Transaction.of(new Transaction.Document(0, caseDoc(1, ok, "c")))));
    // A transaction that commits (its plan pending at the next Acknowledge), then one with the refused value.
    assertThatThrownBy(() -> rt.run(List.of(
        Transaction.of(new Transaction.Document(0, caseDoc(2, ok, "c"))),
        Transaction.of(new Transaction.Document(0, caseDoc(3, ok, "c")), new Transaction.Document(0, caseDoc(4, c, "c"))))))
        .as("refusal of %s", c)
        .isInstanceOf(LocalRuntimeException.class)
        .hasMessageContaining("binding 0 (" + String.join(".", path("value_forms")) + ")")
        .hasMessageContaining("field '" + c.field() + "'")
        .hasMessageContaining("key [4]")
        .hasMessageContaining(c.expected());
    // Flow restarts the task with the state it committed; the refused documents are corrected at their source.
    rt.shards().get(0).discardPending();
    rt.run(List.of(Transaction.of(new Transaction.Document(0, caseDoc(5, ok, "c")))));
    assertNothingPending(rt);
    assertThat(target().rows(config, path("value_forms"))).extracting(r -> r.get("id")).as("after refusing %s", c)
        .containsExactlyInAnyOrder("1", "2", "5");
  }
}
