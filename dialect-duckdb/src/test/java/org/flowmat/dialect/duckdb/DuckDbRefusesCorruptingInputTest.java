package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.core.testing.FixtureCatalog.JSON;
import static org.flowmat.dialect.duckdb.DuckDbTransactorSmokeTest.key;
import static org.flowmat.dialect.duckdb.DuckDbTransactorSmokeTest.rows;
import static org.flowmat.dialect.duckdb.DuckDbTransactorSmokeTest.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.OpenRequest;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.connector.Transactor;
import org.flowmat.core.engine.SqlConnector;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.testing.FixtureCatalog;
import org.flowmat.core.tuple.TupleValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input that would corrupt a table or the exactly-once bookkeeping is refused with an error that says what and where,
 * on a real DuckDB session: tuples of the wrong length at Load and Store, and shard state the engine cannot continue
 * from at Open.
 */
class DuckDbRefusesCorruptingInputTest {
  private static final String SHARD = "00000000-ffffffff";

  @TempDir Path dir;
  private SqlConnector connector;
  private MaterializationSpec spec;
  private Path db;

  @BeforeEach
  void apply() throws Exception {
    db = dir.resolve("t.duckdb");
    ObjectNode config = JSON.createObjectNode().put("database", db.toString()).put("hardDelete", true);
    connector = new SqlConnector(new DuckDbDialect(), SerPolicy.NONE);
    // binding 0: "compound keys", keys (region, day, seq), values (flow_published_at, updated, v)
    spec = FixtureCatalog.materialization(config, List.of(FixtureCatalog.binding(FixtureCatalog.fixtures().get(1), 0)));
    connector.apply(new ApplyRequest(spec, "v1", Optional.empty(), "", Optional.empty()));
  }

  private Transactor open(JsonNode state) throws Exception {
    return connector.open(new OpenRequest(spec, "v1", KeyRange.FULL, state)).transactor();
  }

  private static StoreRequest store(List<TupleValue> keys, List<TupleValue> vals) {
    return new StoreRequest(0, key(keys.toArray(TupleValue[]::new)), values(vals.toArray(TupleValue[]::new)),
        Optional.of(RawJson.of("{\"region\":\"eu\"}")), false, false);
  }

  private static final List<TupleValue> KEY = List.of(new TupleValue.Str("eu"), new TupleValue.Str("2024-01-01"), TupleValue.Int.of(1));
  private static final List<TupleValue> VALUES =
      List.of(new TupleValue.Str("2024-01-01T00:00:00Z"), TupleValue.Null.INSTANCE, new TupleValue.Float64(1.5));

  @Test
  void aStoreWithTooFewOrTooManyElementsIsRefusedAndNothingIsStored() throws Exception {
    Transactor t = open(JSON.createObjectNode());
    t.acknowledge().toCompletableFuture().get();
    t.flush((b, d) -> { });
    assertThatThrownBy(() -> t.store(store(KEY.subList(0, 2), VALUES)))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("Store for binding 0").hasMessageContaining("compound keys")
        .hasMessageContaining("key tuple of 2 elements").hasMessageContaining("3 key fields");
    List<TupleValue> tooMany = new java.util.ArrayList<>(VALUES);
    tooMany.add(TupleValue.Bool.TRUE);
    assertThatThrownBy(() -> t.store(store(KEY, tooMany)))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("values tuple of 4 elements").hasMessageContaining("3 values fields");
    t.store(store(KEY, VALUES));
    t.startCommit(new byte[0]);
    t.acknowledge().toCompletableFuture().get();
    assertThat(rows(db, "SELECT region, day, seq, v FROM main.\"compound keys\"")).containsExactly("eu|2024-01-01|1|1.5");
    t.close();
  }

  @Test
  void aLoadWithAKeyOfTheWrongLengthIsRefused() throws Exception {
    Transactor t = open(JSON.createObjectNode());
    t.acknowledge().toCompletableFuture().get();
    assertThatThrownBy(() -> t.load(0, key(new TupleValue.Str("eu"))))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("Load for binding 0").hasMessageContaining("key tuple of 1 element,")
        .hasMessageContaining("3 key fields");
    t.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807", "-1", "\"5\"", "1.5", "null", "92233720368547758070"})
  void aShardPlanIdTheEngineCannotContinueFromIsAnErrorAtOpen(String plan) throws Exception {
    JsonNode state = JSON.readTree("{\"" + SHARD + "\":{\"plan\":" + plan + ",\"bindings\":{}}}");
    assertThatThrownBy(() -> open(state))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("shard " + SHARD).hasMessageContaining("plan")
        .hasMessageContaining("remove its entry \"" + SHARD + "\" from the connector state");
  }

  @Test
  void aBindingEntryNewerThanTheShardsPlanIsAnErrorNotASilentSkip() throws Exception {
    JsonNode state = JSON.readTree("{\"" + SHARD + "\":{\"plan\":3,\"bindings\":{\"x.v0\":{\"plan\":4}}}}");
    assertThatThrownBy(() -> open(state))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("binding \"x.v0\" of plan 4, newer than the shard's plan 3");
  }

  @Test
  void aBindingEntryWithoutAPlanIdIsAnError() throws Exception {
    JsonNode state = JSON.readTree("{\"" + SHARD + "\":{\"plan\":3,\"bindings\":{\"x.v0\":{\"plan\":\"3\"}}}}");
    assertThatThrownBy(() -> open(state))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("binding \"x.v0\"'s \"plan\" \"3\", which is not a plan id");
  }

  @Test
  void aMarkerRowAtTheTopOfThePlanRangeIsAnErrorAtOpen() throws Exception {
    open(JSON.createObjectNode()).close(); // installs the marker row
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
      s.execute("UPDATE main.flowmat_markers SET applied_plan = 9223372036854775807");
    }
    assertThatThrownBy(() -> open(JSON.createObjectNode()))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("the marker table's applied_plan holds plan id 9223372036854775807");
  }

  @Test
  void aStateWithPlanIdsInRangeStillOpensAndContinues() throws Exception {
    // An old entry (its clearing patch lost) is cleared, not an error; the next plan follows the state's.
    JsonNode state = JSON.readTree("{\"" + SHARD + "\":{\"plan\":41,\"bindings\":{\"gone.v0\":{\"plan\":7}}}}");
    Transactor t = open(state);
    assertThat(t.acknowledge().toCompletableFuture().get()).hasValueSatisfying(
        patch -> assertThat(patch.updated().toString()).contains("\"gone.v0\":null"));
    t.flush((b, d) -> { });
    t.store(store(KEY, VALUES));
    assertThat(t.startCommit(new byte[0]).orElseThrow().updated().path(SHARD).path("plan").asLong()).isEqualTo(42);
    t.close();
  }
}
