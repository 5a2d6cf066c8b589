package org.flowmat.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrdersExampleGeneratorTest {
  /** The committed example, relative to this module (surefire runs tests in the module directory). */
  static final Path COMMITTED = Path.of("..", "examples", "orders");
  /** The parameters in examples/orders/README.md. */
  static final int COUNT = 19_000;
  static final long SEED = 42;

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSameSeedWritesTheSameDocuments(@TempDir Path tmp) throws IOException {
    OrdersExampleGenerator.generate(tmp.resolve("a"), 2_000, 7);
    OrdersExampleGenerator.generate(tmp.resolve("b"), 2_000, 7);
    OrdersExampleGenerator.generate(tmp.resolve("c"), 2_000, 8);
    List<String> a = first100(tmp.resolve("a"));
    assertThat(a).hasSize(100);
    assertThat(first100(tmp.resolve("b"))).isEqualTo(a);
    assertThat(first100(tmp.resolve("c"))).isNotEqualTo(a);
    assertThat(Files.readAllBytes(tmp.resolve("b/order-events.jsonl")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("a/order-events.jsonl")));
  }

  @Test
  void theCommittedExampleIsWhatTheReadmeCommandWrites(@TempDir Path tmp) throws IOException {
    OrdersExampleGenerator.Summary s = OrdersExampleGenerator.generate(tmp, COUNT, SEED);
    for (String file : List.of("catalog.json", "orders.schema.json", "orders.jsonl", "order-events.jsonl")) {
      assertThat(Files.mismatch(COMMITTED.resolve(file), tmp.resolve(file)))
          .as("examples/orders/%s differs from a fresh run of the generator (%s)", file, s)
          .isEqualTo(-1L);
    }
    long total = 0;
    try (var files = Files.list(COMMITTED)) {
      for (Path f : files.toList()) {
        total += Files.size(f);
      }
    }
    assertThat(total).isLessThan(8_000_000L);
  }

  @Test
  void theStreamHasInsertsUpdatesDeletesAndALateField(@TempDir Path tmp) throws IOException {
    OrdersExampleGenerator.Summary s = OrdersExampleGenerator.generate(tmp, 4_000, 3);
    List<String> lines = Files.readAllLines(tmp.resolve("orders.jsonl"));
    assertThat(lines).hasSize(4_000);
    assertThat(s.orderIds()).isEqualTo(1_000);
    Set<Long> deleted = new HashSet<>();
    Set<Long> inserted = new HashSet<>();
    long lastTimestamp = 0;
    int updates = 0;
    for (int i = 0; i < lines.size(); i++) {
      JsonNode doc = JSON.readTree(lines.get(i));
      long id = doc.get("order_id").asLong();
      String op = doc.at("/_meta/op").asText();
      UUID uuid = UUID.fromString(doc.at("/_meta/uuid").asText());
      assertThat(uuid.version()).isEqualTo(1);
      assertThat(uuid.timestamp()).as("publication clock of line %d", i + 1).isGreaterThan(lastTimestamp);
      lastTimestamp = uuid.timestamp();
      assertThat(deleted).as("line %d changes a deleted order", i + 1).doesNotContain(id);
      switch (op) {
        case "c" -> assertThat(inserted.add(id)).isTrue();
        case "u" -> {
          assertThat(inserted).contains(id);
          updates++;
        }
        case "d" -> {
          assertThat(inserted).contains(id);
          assertThat(doc.size()).as("a deletion carries only _meta and order_id").isEqualTo(2);
          deleted.add(id);
        }
        default -> throw new AssertionError("op " + op);
      }
      if (!op.equals("d")) {
        assertThat(doc.has("coupon_code")).as("coupon_code on line %d", i + 1).isEqualTo(i >= 3_200);
        assertThat(doc.at("/customer/address/country").asText()).hasSize(2);
        assertThat(doc.get("line_items").size()).isBetween(1, 3);
        assertThat(doc.get("total").doubleValue()).isGreaterThan(doc.get("tax").doubleValue());
      }
    }
    assertThat(updates).isEqualTo(s.updates()).isGreaterThan(2_000);
    assertThat(deleted).hasSize(s.deletes()).isNotEmpty();
    assertThat(s.withCoupon()).isPositive();
  }

  private static List<String> first100(Path dir) throws IOException {
    try (var lines = Files.lines(dir.resolve("orders.jsonl"))) {
      return lines.limit(100).toList();
    }
  }
}
