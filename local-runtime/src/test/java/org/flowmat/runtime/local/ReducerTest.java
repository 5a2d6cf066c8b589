package org.flowmat.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.runtime.local.Reducer.Reduction;
import org.junit.jupiter.api.Test;

class ReducerTest {
  @Test
  void lastWriteWinsTakesTheNewerDocument() {
    JsonNode lhs = Fixtures.tree("{\"a\":1,\"b\":{\"c\":1}}");
    JsonNode rhs = Fixtures.tree("{\"b\":{\"d\":2}}");
    assertThat(Reducer.reduce(Reduction.LAST_WRITE_WINS, lhs, rhs)).isEqualTo(rhs);
    assertThat(Reducer.reduce(Reduction.LAST_WRITE_WINS, null, rhs)).isEqualTo(rhs);
  }

  @Test
  void mergeCombinesObjectsDeeplyAndReplacesEverythingElse() {
    JsonNode lhs = Fixtures.tree("{\"a\":1,\"b\":{\"c\":1,\"e\":{\"f\":1}},\"arr\":[1,2],\"n\":1}");
    JsonNode rhs = Fixtures.tree("{\"b\":{\"d\":2,\"e\":{\"g\":2}},\"arr\":[3],\"n\":null}");
    assertThat(Reducer.reduce(Reduction.MERGE, lhs, rhs))
        .isEqualTo(Fixtures.tree("{\"a\":1,\"b\":{\"c\":1,\"e\":{\"f\":1,\"g\":2},\"d\":2},\"arr\":[3],\"n\":null}"));
    // Arguments are left as they were.
    assertThat(lhs).isEqualTo(Fixtures.tree("{\"a\":1,\"b\":{\"c\":1,\"e\":{\"f\":1}},\"arr\":[1,2],\"n\":1}"));
    assertThat(Reducer.reduce(Reduction.MERGE, Fixtures.tree("[1]"), Fixtures.tree("{\"x\":1}")))
        .isEqualTo(Fixtures.tree("{\"x\":1}"));
  }

  @Test
  void mergePatchFollowsRfc7396() {
    JsonNode target = Fixtures.tree("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}");
    JsonNode patch = Fixtures.tree("{\"a\":\"z\",\"c\":{\"f\":null},\"n\":{\"x\":null,\"y\":1}}");
    assertThat(MergePatch.apply(target, patch))
        .isEqualTo(Fixtures.tree("{\"a\":\"z\",\"c\":{\"d\":\"e\"},\"n\":{\"y\":1}}"));
    assertThat(MergePatch.apply(target, Fixtures.tree("[1]"))).isEqualTo(Fixtures.tree("[1]"));
    assertThat(MergePatch.apply(Fixtures.tree("[1]"), Fixtures.tree("{\"a\":1}"))).isEqualTo(Fixtures.tree("{\"a\":1}"));
  }
}
