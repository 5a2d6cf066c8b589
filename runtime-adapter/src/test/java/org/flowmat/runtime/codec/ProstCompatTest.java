package org.flowmat.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which frames the prost map-entry rewrite (ProstCompat) changes, recorded against the protocol vectors: only
 * messages Flow sends to a connector (a Request and the MaterializationSpec inside it, which carry
 * {@code secrets {"": ...}}); no Response vector, i.e. nothing a connector writes to Flow. Either encoding of such an
 * entry decodes to the same message, as protobuf's map-entry rule says and as prost's map decoder does (it starts
 * each entry from the default key and value and merges fields 1 and 2 only when present).
 */
class ProstCompatTest {

  @Test
  void onlyVectorsFlowSendsToTheConnectorHoldDefaultMapEntries() throws Exception {
    List<String> needing = new ArrayList<>();
    for (String name : Vectors.HEX) {
      Message m = Vectors.defaultInstanceFor(name).getParserForType().parseFrom(Vectors.hex(name));
      if (ProstCompat.needed(m)) {
        needing.add(name);
        // protobuf-java's own encoding (key and value always written) reads back as the same message.
        Message plain = m.getParserForType().parseFrom(Vectors.deterministic(m));
        assertThat(plain).as(name).isEqualTo(m);
        assertThat(Vectors.deterministic(m)).as(name).isNotEqualTo(ProtoFrameWriter.toBytes(m));
      }
    }
    assertThat(needing).containsExactlyInAnyOrder("materialize_request__12ead22a", "materialization_spec__12ead22a");
    assertThat(needing).noneMatch(name -> name.startsWith("materialize_response"));
  }
}
