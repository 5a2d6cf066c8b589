package org.flowmat.core.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.flowmat.core.config.SyncSchedule;
import org.junit.jupiter.api.Test;

class AckPacerTest {
  /** A clock the test moves. */
  static final class ManualClock extends Clock {
    Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T10:02:00Z"));
  private final AckPacer pacer = new AckPacer(new SyncSchedule(Duration.ofMinutes(15), Optional.empty()), clock);

  @Test
  void recoveryCommitIsNeverDelayed() {
    pacer.committed(10);
    assertThat(pacer.delay()).isZero();
  }

  @Test
  void streamingTransactionWaitsForTheNextBoundary() {
    pacer.acknowledged(); // recovery at 10:02
    pacer.committed(10);
    clock.now = Instant.parse("2026-03-04T10:03:30Z");
    assertThat(pacer.delay()).isEqualTo(Duration.ofSeconds(11 * 60 + 30)); // to 10:15
    clock.now = Instant.parse("2026-03-04T10:15:00Z");
    pacer.acknowledged();
    pacer.committed(3);
    clock.now = Instant.parse("2026-03-04T10:16:00Z");
    assertThat(pacer.delay()).isEqualTo(Duration.ofMinutes(14)); // to 10:30
  }

  @Test
  void noDelayOnceTheNextSyncTimeHasPassed() {
    pacer.acknowledged();
    pacer.committed(10);
    clock.now = Instant.parse("2026-03-04T10:20:00Z");
    assertThat(pacer.delay()).isZero();
  }

  @Test
  void largeTransactionInTheRecentHistoryIsNotDelayed() {
    pacer.acknowledged();
    pacer.committed(AckPacer.LARGE_TRANSACTION);
    assertThat(pacer.delay()).as("backfill").isZero();
    for (int i = 0; i < AckPacer.HISTORY - 1; i++) {
      pacer.committed(5);
      assertThat(pacer.delay()).as("still in the last %d transactions", AckPacer.HISTORY).isZero();
    }
    pacer.committed(0); // a commit without Stores does not count
    assertThat(pacer.delay()).isZero();
    pacer.committed(5);
    assertThat(pacer.delay()).as("streaming again").isPositive();
  }

  @Test
  void zeroFrequencyNeverDelays() {
    AckPacer none = new AckPacer(SyncSchedule.NONE, clock);
    none.acknowledged();
    none.committed(1);
    assertThat(none.delay()).isZero();
  }
}
