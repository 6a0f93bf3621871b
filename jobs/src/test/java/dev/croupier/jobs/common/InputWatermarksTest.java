package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.udfs.kafka.PartitionLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.ManualClock;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/**
 * One partition's watermark generator on a manual clock: without any consumer lag figure, and with
 * the figures of real Kafka metrics fed to {@link PartitionLag} as a consumer's reporter.
 */
class InputWatermarksTest {
  private static final Duration IDLENESS = Duration.ofSeconds(1);

  private final ManualClock clock = new ManualClock();
  private final Recorded out = new Recorded();
  private final InputWatermarks.PartitionWatermarks<String> generator =
      new InputWatermarks.PartitionWatermarks<>(
          Duration.ofSeconds(5),
          IDLENESS,
          clock,
          "no-such-group",
          "no-such-topic",
          "no-such-client");

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

  @Test
  void shouldNotCallASubtaskIdleBeforeItsOwnConsumerHasFetchedWhateverOtherSubtasksShow() {
    // Given two source subtasks of one topic: subtask 0's consumer has fetched partition 0 to its
    // end and its partition generator has seen a record; subtask 1's first fetch is slow
    AtomicLong lag0 = new AtomicLong(0);
    AtomicLong lag1 = new AtomicLong(3);
    try (Metrics consumer0 = consumer("race", "job-bets-0");
        Metrics consumer1 = consumer("race", "job-bets-1")) {
      recordsLag(consumer0, "bets", 0, lag0);
      PartitionLag.claim("race", "bets", 0);
      InputWatermarks.PartitionWatermarks<String> subtask1 =
          new InputWatermarks.PartitionWatermarks<>(
              Duration.ofSeconds(5), IDLENESS, clock, "race", "bets", "job-bets-1");

      // When subtask 1 has shown nothing for many idle periods
      clock.advanceTime(10 * IDLENESS.toMillis(), TimeUnit.MILLISECONDS);
      subtask1.onPeriodicEmit(out);

      // Then it still holds the watermark back: its partition may have records to read
      assertThat(out.idle).as("idle before its own consumer fetched anything").isFalse();

      // And once its consumer has fetched, it holds it back while that partition lags, no longer
      recordsLag(consumer1, "bets", 1, lag1);
      subtask1.onPeriodicEmit(out);
      assertThat(out.idle).as("idle while its own partition lags").isFalse();
      lag1.set(0);
      subtask1.onPeriodicEmit(out);
      assertThat(out.idle).as("idle once its own partition is read to its end").isTrue();
    }
  }

  @Test
  void shouldNameTheConsumerOfASourceSubtaskAsTheKafkaSourceDoes() {
    assertThat(
            InputWatermarks.consumerOf(
                "croupier-fraud-bets",
                new UnregisteredMetricsGroup() {
                  @Override
                  public Map<String, String> getAllVariables() {
                    return Map.of("<subtask_index>", "1");
                  }
                }))
        .isEqualTo("croupier-fraud-bets-1");
    assertThat(InputWatermarks.consumerOf("croupier-fraud-bets", new UnregisteredMetricsGroup()))
        .as("a metric group that does not say the subtask")
        .isNull();
  }

  /** A Kafka metrics registry reporting to {@link PartitionLag} as consumer {@code clientId}. */
  private static Metrics consumer(String group, String clientId) {
    PartitionLag reporter = new PartitionLag();
    reporter.configure(Map.of("group.id", group, "client.id", clientId));
    return new Metrics(new MetricConfig(), List.of(reporter), Time.SYSTEM);
  }

  /** The per-partition lag metric a consumer registers on its first fetch of the partition. */
  private static void recordsLag(Metrics consumer, String topic, int partition, AtomicLong lag) {
    consumer.addMetric(
        consumer.metricName(
            "records-lag",
            "consumer-fetch-manager-metrics",
            Map.of("topic", topic, "partition", Integer.toString(partition))),
        (Gauge<Long>) (config, now) -> lag.get());
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
