package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gate's late counter, read from a running job the way a metrics reporter sees it: in the
 * {@code croupier} group with every other Croupier metric.
 */
class PlayerEventGateMetricsIT {
  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  @Test
  void shouldCountLateEventsAsDeadLettersInTheCroupierGroup() throws Exception {
    // Given bets at 10:00:10, 10:00:05 (behind the watermark the first one set) and 10:00:20
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(new AvroTypeInfo<>(BetPlaced.class), bet("a", 10), bet("late", 5), bet("b", 20))
        .assignTimestampsAndWatermarks(eachEventMovesTheWatermark())
        .uid("bets")
        .process(
            new PlayerEventGate<>(Topics.BETS, PlayerEvent::of, "fraud"),
            Types.POJO(PlayerEvent.class))
        .uid("gate")
        .name("bets gate")
        .getSideOutput(DeadLetterOutput.TAG)
        .sinkTo(new DiscardingSink<>());

    // When the job has run
    JobID job = env.execute("gate-metrics").getJobID();

    // Then one late event was counted, under croupier.reason.late.deadLetters
    Map<String, Metric> late =
        METRICS.findMetrics(job, "bets gate.*\\.croupier\\.reason\\.late\\.deadLetters");
    assertThat(late).hasSize(1);
    assertThat(late.values())
        .singleElement()
        .extracting(m -> ((Counter) m).getCount())
        .isEqualTo(1L);
    assertThat(METRICS.findMetrics(job, "bets gate.*deadLetters").keySet())
        .allMatch(id -> id.contains(".croupier."));
  }

  private static BetPlaced bet(String id, int second) {
    return BetPlaced.newBuilder()
        .setEventId(id)
        .setOccurredAt(Instant.parse("2026-03-02T10:00:00Z").plusSeconds(second))
        .setUserId("u1")
        .setBetId(id)
        .setGameId("g")
        .setRoundId("r")
        .setSessionId("s")
        .setStake(100)
        .setCurrency("EUR")
        .build();
  }

  /** A watermark right behind each event, so whether the next one is late is certain. */
  private static <T extends SpecificRecordBase> WatermarkStrategy<T> eachEventMovesTheWatermark() {
    return WatermarkStrategy.<T>forGenerator(
            ctx ->
                new WatermarkGenerator<T>() {
                  @Override
                  public void onEvent(T event, long timestamp, WatermarkOutput output) {
                    output.emitWatermark(new Watermark(timestamp));
                  }

                  @Override
                  public void onPeriodicEmit(WatermarkOutput output) {}
                })
        .withTimestampAssigner((e, ts) -> ((Instant) e.get("occurredAt")).toEpochMilli());
  }
}
