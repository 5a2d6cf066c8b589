package org.flowmat.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.core.tuple.TupleValue;
import org.flowmat.runtime.proto.Flow;
import org.junit.jupiter.api.Test;

class ShardsTest {
  @Test
  void splitsCoverTheWholeHashSpaceWithoutOverlap() {
    for (int n = 1; n <= 7; n++) {
      List<Flow.RangeSpec> ranges = Shards.split(n);
      assertThat(ranges).hasSize(n);
      assertThat(ranges.get(0).getKeyBegin()).isZero();
      assertThat(Integer.toUnsignedLong(ranges.get(n - 1).getKeyEnd())).isEqualTo(0xFFFF_FFFFL);
      for (int i = 1; i < n; i++) {
        assertThat(Integer.toUnsignedLong(ranges.get(i).getKeyBegin()))
            .isEqualTo(Integer.toUnsignedLong(ranges.get(i - 1).getKeyEnd()) + 1);
      }
      ranges.forEach(r -> assertThat(Integer.toUnsignedLong(r.getRClockEnd())).isEqualTo(0xFFFF_FFFFL));
    }
    assertThat(Shards.describe(Shards.split(2).get(0))).isEqualTo("00000000-7fffffff");
    assertThat(Shards.describe(Shards.split(2).get(1))).isEqualTo("80000000-ffffffff");
  }

  @Test
  void keyHashIsStableAndEveryKeyHasExactlyOneShard() {
    PackedTuple k = PackedTuple.pack(TupleValue.Int.of(42));
    // SHA-256 of 15 2a, first four bytes: a stable vector, so a change of hash is noticed.
    assertThat(Shards.keyHash(k)).isEqualTo(2_997_897_731L);
    List<Flow.RangeSpec> three = Shards.split(3);
    int[] counts = new int[3];
    for (int i = 0; i < 3000; i++) {
      PackedTuple key = PackedTuple.pack(TupleValue.Int.of(i));
      int owners = 0;
      for (int s = 0; s < 3; s++) {
        if (Shards.contains(three.get(s), key)) {
          owners++;
          counts[s]++;
        }
      }
      assertThat(owners).isEqualTo(1);
    }
    for (int c : counts) {
      assertThat(c).isBetween(800, 1200); // well spread
    }
  }
}
