package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowmat.testkit.TestCollections.doc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.staging.ShardStaging;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.Transaction;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.testkit.ConformanceHarness;
import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.TestCollections;
import org.junit.jupiter.api.Test;

/** Where DuckDB stages, and what a shard's Open cleans up: its own leftovers only. */
class DuckDbStagingTest extends ConformanceHarness {
  @Override
  protected ConformanceTarget target() {
    return new DuckDbTarget();
  }

  @Test
  void openRemovesThisShardsLeftoversAndNothingOfAnotherTaskOrShard() throws Exception {
    ObjectNode config = config(true);
    Flow.MaterializationSpec spec = TestCollections.spec(config, List.of(
        TestCollections.binding(path("orders"), TestCollections.orders(), false, 0)));
    Path root = Path.of(config.path("database").asText() + ".staging");
    Path own = new ShardStaging(spec.getName(), KeyRange.FULL).under(root);
    Path child = new ShardStaging(spec.getName(), new KeyRange(0, 0x7FFF_FFFFL)).under(root);
    Path otherTask = new ShardStaging("acmeCo/other", KeyRange.FULL).under(root);
    Path legacy = root.resolve("00000000"); // the layout before names carried task and range
    Path ownLeftover = write(own.resolve("store_0_7_00000000deadbeef.ndjson"));
    List<Path> foreign = List.of(write(child.resolve("store_0_1_0123456789abcdef.ndjson")),
        write(otherTask.resolve("store_0_1_0123456789abcdef.ndjson")), write(legacy.resolve("store_0_1.ndjson")));

    LocalRuntime rt = LocalRuntime.builder(spec, inProcess()).build();
    rt.apply();
    rt.run(List.of(Transaction.of(new Transaction.Document(0, doc("{\"id\":1,\"customer\":\"ada\"}", "c")))));

    assertThat(ownLeftover).doesNotExist();
    try (Stream<Path> left = Files.list(own)) {
      assertThat(left.toList()).as("after a clean end, the shard's area is empty").isEmpty();
    }
    assertThat(foreign).allSatisfy(p -> assertThat(p).exists());
    assertTablesMatch(rt, spec, config, true);
  }

  @Test
  void stagingNamesAreFilesystemSafeAndApartForAnyTaskName() {
    ShardStaging slash = new ShardStaging("acmeCo/a/b", KeyRange.FULL);
    ShardStaging underscore = new ShardStaging("acmeCo_a_b", KeyRange.FULL);
    ShardStaging hostile = new ShardStaging("../../etc/ünï cødé/" + "x".repeat(300), new KeyRange(0x10, 0x7FFF_FFFFL));
    for (ShardStaging s : List.of(slash, underscore, hostile)) {
      assertThat(s.materializationPart()).matches("[A-Za-z0-9_-]{1,65}");
    }
    assertThat(slash.materializationPart()).startsWith("acmeCo_a_b-").isNotEqualTo(underscore.materializationPart());
    assertThat(hostile.rangePart()).isEqualTo("00000010-7fffffff");
    assertThat(hostile.under(Path.of("/s")).normalize())
        .isEqualTo(Path.of("/s", hostile.materializationPart(), "00000010-7fffffff"));
  }

  @Test
  void motherDuckNeedsAStagingDirectoryAndStagesThere() throws Exception {
    ObjectNode md = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode().put("database", "md:analytics");
    assertThatThrownBy(() -> DuckDbEndpoint.from(md)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("stagingDirectory").hasMessageContaining("md:");
    md.put("stagingDirectory", dir.resolve("staging").toString());
    DuckDbEndpoint endpoint = DuckDbEndpoint.from(md);
    String reference = endpoint.staging("acmeCo/orders", KeyRange.FULL).reference("store_0_1_x.ndjson");
    assertThat(Path.of(reference)).isEqualTo(
        new ShardStaging("acmeCo/orders", KeyRange.FULL).under(dir.resolve("staging")).resolve("store_0_1_x.ndjson"));
  }

  @Test
  void aLocalDatabaseStagesBesideItselfUnlessAStagingDirectoryIsGiven() throws Exception {
    Path db = dir.resolve("w.duckdb");
    DuckDbEndpoint beside = new DuckDbEndpoint(db.toString(), "main", false);
    assertThat(Path.of(beside.staging("t", KeyRange.FULL).reference("f")))
        .isEqualTo(new ShardStaging("t", KeyRange.FULL).under(Path.of(db + ".staging")).resolve("f"));
    DuckDbEndpoint configured = new DuckDbEndpoint(db.toString(), "main", false, java.util.Optional.of(dir.resolve("elsewhere").toString()));
    assertThat(Path.of(configured.staging("t", KeyRange.FULL).reference("f")))
        .isEqualTo(new ShardStaging("t", KeyRange.FULL).under(dir.resolve("elsewhere")).resolve("f"));
  }

  private static Path write(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "{}\n");
  }
}
