package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowmat.testkit.TestCollections.doc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ConnectorRun;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.RunReport;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.testkit.ImageContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The DuckDB image (images/materialize-duckdb) checked by the contract every image meets, and beyond it a short
 * session through its entry point: Validate, then the local runtime's Apply and one transaction (with a load-back),
 * each stream a fresh child process started as the ENTRYPOINT starts it, into a DuckDB file in a temporary directory.
 */
class DuckDbImageIT extends ImageContract {
  @Override
  protected String dialect() {
    return "duckdb";
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void validatesAppliesAndCommitsATransactionThroughTheEntrypoint(Codec codec) throws Exception {
    Path database = dir.resolve("warehouse.duckdb");
    Wire wire = Wire.of(Wire.config(database));

    Request validate = Request.newBuilder()
        .setValidate(wire.validate().getValidate().toBuilder().clearLastMaterialization()).build();
    ConnectorRun validated = run(codec, List.of(specRequest(), validate));
    assertThat(validated.exitCode()).as("stderr %s", validated.stderr()).isZero();
    assertThat(validated.responses().get(1).getValidated().getBindings(0).getProjectionConstraintsList())
        .extracting(c -> c.getField() + "=" + c.getConstraint().getType())
        .containsExactly("flow_document=LOCATION_REQUIRED", "id=LOCATION_REQUIRED", "total=LOCATION_RECOMMENDED");
    assertThat(Files.exists(database)).as("Validate creates nothing").isFalse();

    LocalRuntime runtime = LocalRuntime.builder(wire.spec, image(codec)).loadBackAtEnd(true).build();
    assertThat(runtime.apply()).anyMatch(action -> action.contains("CREATE TABLE IF NOT EXISTS main.orders"));
    RunReport report = runtime.run(List.of(Transaction.of(
        new Transaction.Document(0, doc("{\"id\":1,\"total\":10.5}", "c")),
        new Transaction.Document(0, doc("{\"id\":2,\"total\":3}", "c")))));

    assertThat(report.sessions()).isEqualTo(1);
    assertThat(report.committedTransactions()).as("the transaction and the load-back").isEqualTo(2);
    assertThat(report.loadMismatches()).isEmpty();
    assertThat(report.loadedBack().get(0)).hasSize(2);
    assertThat(Wire.rows(database, "SELECT id, total FROM main.orders ORDER BY id")).containsExactly("1|10.5", "2|3.0");
  }
}
