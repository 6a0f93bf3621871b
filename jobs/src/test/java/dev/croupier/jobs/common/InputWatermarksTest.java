package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/** One partition's watermark generator, on a manual clock and without any consumer lag figure. */
class InputWatermarksTest {
  private static final Duration IDLENESS = Duration.ofSeconds(1);

  private final ManualClock clock = new ManualClock();
  private final Recorded out = new Recorded();
  private final InputWatermarks.PartitionWatermarks<String> generator =
      new InputWatermarks.PartitionWatermarks<>(
          Duration.ofSeconds(5), IDLENESS, clock, "no-such-group", "no-such-topic");

  @Test
  void shouldNotCallAPartitionIdleOnTimeAloneBeforeItsConsumerReportsAnyLag() {
    // A source whose first fetch is slow: no lag figure yet, quiet for many idle periods
    clock.advanceTime(10 * IDLENESS.toMillis(), TimeUnit.MILLISECONDS);
    generator.onPeriodicEmit(out);
    assertThat(out.idle).as("idle after 10 idle periods without a lag figure").isFalse();

    // A consumer that never reports lag: plain idleness after the fallback
    clock.advanceTime(
        InputWatermarks.PartitionWatermarks.NO_LAG_FALLBACK.toMillis(), TimeUnit.MILLISECONDS);
    generator.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
  }

  @Test
  void shouldEmitWhatThePartitionShowedBeforeGoingIdle() {
    generator.onEvent(Either.Right("bet"), 100_000L, out);
    // No periodic emit between the record and idleness (a loaded machine)
    clock.advanceTime(
        InputWatermarks.PartitionWatermarks.NO_LAG_FALLBACK.toMillis() + 1, TimeUnit.MILLISECONDS);
    generator.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
    assertThat(out.watermarks).containsExactly(100_000L - 5_000L - 1);
  }

  @Test
  void shouldNeverLetADeadLetterMoveTheWatermark() {
    generator.onEvent(Either.<DeadLetter, String>Left(new DeadLetter()), 900_000L, out);
    generator.onEvent(Either.Right("bet"), 100_000L, out);
    generator.onPeriodicEmit(out);
    assertThat(out.watermarks).containsExactly(100_000L - 5_000L - 1);
  }

  private static final class Recorded implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }
  }
}
