package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowmat.core.testing.FixtureCatalog.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.OpenRequest;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.connector.Transactor;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.testing.FixtureCatalog;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transactor on DuckDB, driven directly: store, commit, acknowledge, load back, merge, delete. */
class DuckDbTransactorSmokeTest {
  @TempDir Path dir;

  @Test
  void storesMergesLoadsAndDeletes() throws Exception {
    ObjectNode config = JSON.createObjectNode().put("database", dir.resolve("t.duckdb").toString()).put("hardDelete", true);
    SqlConnector connector = new SqlConnector(new DuckDbDialect(), SerPolicy.NONE);
    MaterializationSpec spec = FixtureCatalog.materialization(config, List.of(FixtureCatalog.binding(FixtureCatalog.fixtures().get(2), 0),
        FixtureCatalog.binding(FixtureCatalog.fixtures().get(1), 0)));
    connector.apply(new ApplyRequest(spec, "v1", Optional.empty(), "", Optional.empty()));

    JsonNode state = JSON.createObjectNode();
    Transactor t = connector.open(new OpenRequest(spec, "v1", KeyRange.FULL, state)).transactor();
    assertThat(t.acknowledge().toCompletableFuture().get()).isEmpty();
    t.flush((b, d) -> { throw new AssertionError("nothing to load"); });
    // binding 0: delta events; binding 1: compound keys (region, day, seq) values (flow_published_at, updated, v)
    t.store(new StoreRequest(0, key(new TupleValue.Str("e1")), values(new TupleValue.Str("click"), new TupleValue.Json("{\"x\":1}")),
        Optional.of(RawJson.of("{\"id\":\"e1\"}")), false, false));
    t.store(new StoreRequest(1, key(new TupleValue.Str("eu"), new TupleValue.Str("2024-01-01"), TupleValue.Int.of(1)),
        values(new TupleValue.Str("2024-01-01T00:00:00.123456789Z"), TupleValue.Null.INSTANCE, new TupleValue.Float64(1.5)),
        Optional.of(RawJson.of("{\"region\":\"eu\",\"v\":1.5}")), false, false));
    Optional<ConnectorState> plan = t.startCommit(new byte[0]);
    assertThat(plan).isPresent();
    state = plan.get().updated();
    Optional<ConnectorState> cleared = t.acknowledge().toCompletableFuture().get();
    assertThat(cleared).isPresent();

    t.load(1, key(new TupleValue.Str("eu"), new TupleValue.Str("2024-01-01"), TupleValue.Int.of(1)));
    t.load(1, key(new TupleValue.Str("us"), new TupleValue.Str("2024-01-01"), TupleValue.Int.of(9)));
    List<String> loaded = new ArrayList<>();
    t.flush((b, d) -> loaded.add(b + ":" + d));
    assertThat(loaded).containsExactly("1:{\"region\":\"eu\",\"v\":1.5}");

    t.store(new StoreRequest(1, key(new TupleValue.Str("eu"), new TupleValue.Str("2024-01-01"), TupleValue.Int.of(1)),
        values(new TupleValue.Str("2024-01-01T00:00:00Z"), TupleValue.Null.INSTANCE, new TupleValue.Float64(2.5)),
        Optional.of(RawJson.of("{\"region\":\"eu\",\"v\":2.5}")), true, false));
    t.startCommit(new byte[0]);
    t.acknowledge().toCompletableFuture().get();
    assertThat(rows(dir.resolve("t.duckdb"), "SELECT region, day, seq, v FROM main.\"compound keys\"")).containsExactly("eu|2024-01-01|1|2.5");

    t.flush((b, d) -> { });
    t.store(new StoreRequest(1, key(new TupleValue.Str("eu"), new TupleValue.Str("2024-01-01"), TupleValue.Int.of(1)),
        values(new TupleValue.Str("2024-01-01T00:00:00Z"), TupleValue.Null.INSTANCE, new TupleValue.Float64(2.5)),
        Optional.of(RawJson.of("{}")), true, true));
    t.startCommit(new byte[0]);
    t.acknowledge().toCompletableFuture().get();
    assertThat(rows(dir.resolve("t.duckdb"), "SELECT count(*) FROM main.\"compound keys\"")).containsExactly("0");
    assertThat(rows(dir.resolve("t.duckdb"), "SELECT id, kind, payload FROM analytics.events")).containsExactly("e1|click|{\"x\":1}");
    t.close();
  }

  static PackedTuple key(TupleValue... v) {
    return PackedTuple.pack(v);
  }

  static PackedTuple values(TupleValue... v) {
    return PackedTuple.pack(v);
  }

  static List<String> rows(Path db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cols.add(r.getString(i));
        }
        out.add(String.join("|", cols));
      }
    }
    return out;
  }
}
