package org.flowmat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.local.ConnectorChannel;
import org.flowmat.runtime.local.ExpectedContent;
import org.flowmat.runtime.local.InProcessChannel;
import org.flowmat.runtime.local.LocalRuntime;
import org.flowmat.runtime.local.ProcessChannel;
import org.flowmat.runtime.proto.Flow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** What the conformance suites share: the target, fresh warehouses, connector launchers, and table checks. */
public abstract class ConformanceHarness {
  @TempDir protected Path dir;

  /** The dialect under test; a subclass returns it in one line. */
  protected abstract ConformanceTarget target();

  /**
   * Skips, saying why, a test that needs what the dialect declares it lacks ({@link Needs}; by default APPLY and
   * STORE). The lack itself is proven by the tests marked {@code @Needs({})}, never skipped.
   */
  @BeforeEach
  void skipWhatTheDialectDeclaresItLacks(TestInfo test) {
    Needs needs = test.getTestMethod().map(m -> m.getAnnotation(Needs.class)).orElse(null);
    EnumSet<Capability> required = needs == null ? EnumSet.of(Capability.APPLY, Capability.STORE)
        : EnumSet.noneOf(Capability.class);
    if (needs != null) {
      required.addAll(List.of(needs.value()));
    }
    for (Capability c : required) {
      Assumptions.assumeFalse(lacks(c), () -> target().connector() + " declares that it lacks " + c
          + " (MaterializationConformance proves it)");
    }
  }

  /** Whether the dialect declares it lacks {@code capability}; lacking APPLY implies lacking STORE. */
  protected boolean lacks(Capability capability) {
    java.util.Set<Capability> lacks = target().lacks();
    return lacks.contains(capability) || (capability == Capability.STORE && lacks.contains(Capability.APPLY));
  }

  protected ObjectNode config(boolean hardDelete) throws Exception {
    return target().endpointConfig(dir).put("hardDelete", hardDelete);
  }

  /** The connector on a thread of this JVM: fast, for scenarios that kill nothing. */
  protected ConnectorChannel.Factory inProcess() {
    return InProcessChannel.launcher(Codec.PROTO, "--connector", target().connector());
  }

  /** The connector image's launcher (the target's {@link ConformanceTarget#command}) as a child process, killed for real. */
  protected ConnectorChannel.Factory process() {
    Path root = repositoryRoot();
    return ProcessChannel.factory(target().command(root), Map.of("LOG_LEVEL", "warn"), Codec.PROTO, root);
  }

  protected static Path repositoryRoot() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.exists(d.resolve("bin").resolve("connector"))) {
      d = d.getParent();
    }
    assertThat(d).as("repository root (with bin/connector) above the working directory").isNotNull();
    return d;
  }

  protected List<String> path(String table) {
    return target().resourcePath(table);
  }

  /**
   * Asserts that every binding's table holds exactly what the runtime model expects: one row per key with the
   * reduced document for standard bindings (rows marked deleted set aside when deletes are soft), every stored
   * document for delta bindings.
   */
  protected void assertTablesMatch(LocalRuntime runtime, Flow.MaterializationSpec spec, ObjectNode config, boolean hardDelete)
      throws Exception {
    ExpectedContent expected = runtime.expected();
    for (int b = 0; b < spec.getBindingsCount(); b++) {
      List<String> resourcePath = spec.getBindings(b).getResourcePathList();
      List<JsonNode> stored = target().documents(config, resourcePath);
      if (runtime.isDeltaUpdates(b)) {
        assertThat(sorted(stored)).as("rows of delta binding %s", resourcePath).isEqualTo(sorted(expected.deltaRows(b)));
        continue;
      }
      Map<PackedTuple, JsonNode> actual = new LinkedHashMap<>();
      for (JsonNode doc : stored) {
        if (!hardDelete && doc.path("_meta").path("op").asText().equals("d")) {
          continue; // a soft delete keeps the row; the model has no such key
        }
        JsonNode previous = actual.put(runtime.extractor(b).key(doc), doc);
        assertThat(previous).as("one row per key in %s", resourcePath).isNull();
      }
      assertThat(expected.differences(b, actual)).as("table %s", resourcePath).isEmpty();
    }
  }

  private static List<String> sorted(List<JsonNode> docs) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : docs) {
      out.add(canonical(d));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** JSON text with object members sorted and numbers normalized, so equal documents compare equal. */
  static String canonical(JsonNode node) {
    if (node.isObject()) {
      List<String> members = new ArrayList<>();
      node.fields().forEachRemaining(e -> members.add(TestCollections.JSON.valueToTree(e.getKey()) + ":" + canonical(e.getValue())));
      members.sort(Comparator.naturalOrder());
      return "{" + String.join(",", members) + "}";
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(canonical(n)));
      return "[" + String.join(",", items) + "]";
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    return node.toString();
  }
}
