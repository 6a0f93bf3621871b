package dev.croupier.jobs.common;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.RawRecord;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.EventTimeSettings;
import dev.croupier.udfs.dlq.LateEvents;
import dev.croupier.udfs.kafka.DecodedRecords;
import dev.croupier.udfs.kafka.PartitionLag;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.RelativeClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watermarks for a decoded Kafka source, one generator per partition (Flink's split-level
 * watermarks): event time from the record, bounded out-of-orderness, and idleness that means
 * "nothing left to read", never "not read yet".
 *
 * <ul>
 *   <li>Only decoded, on-time records move the watermark or count as activity. Dead letters (Left)
 *       keep their Kafka timestamp for the DLQ producer; records the decode step marked late carry
 *       {@link LateEvents#MARK} for the job's late gate. Neither holds event time back.
 *   <li>A partition is idle when it has shown no such record for {@code <job>.idleness} on the
 *       source's input-activity clock (paused by Flink under backpressure and watermark alignment)
 *       <em>and</em> its consumer reports nothing left to read ({@link PartitionLag}). A partition
 *       that is merely read slowly, or not fetched yet, keeps holding the watermark, so event time
 *       never passes records still waiting in Kafka: two runs over the same input give the same
 *       results whatever their speed.
 * </ul>
 */
public final class InputWatermarks {
  private InputWatermarks() {}

  /**
   * Event time from {@code topic}'s records (resolved under its configured name) read by the source
   * {@link KafkaIo#source} builds for {@code c}, with the job's out-of-orderness and idleness.
   */
  public static <T extends SpecificRecordBase> WatermarkStrategy<Either<DeadLetter, T>> of(
      EventTimeSettings settings, CommonJobConfig c, Topic<T> topic) {
    String groupId = c.kafka().groupId();
    String clientIdPrefix = KafkaIo.clientIdPrefix(c, topic);
    Duration outOfOrderness = settings.outOfOrderness();
    Duration idleness = settings.idleness();
    String topicName = topic.name();
    return WatermarkStrategy.<Either<DeadLetter, T>>forGenerator(
            ctx ->
                new PartitionWatermarks<>(
                    outOfOrderness,
                    idleness,
                    ctx.getInputActivityClock(),
                    groupId,
                    topicName,
                    consumerOf(clientIdPrefix, ctx.getMetricGroup())))
        .withTimestampAssigner(
            (e, kafkaTimestamp) -> {
              if (e.isLeft()) {
                return Math.max(0, kafkaTimestamp);
              }
              return DecodedRecords.isLate(e) ? LateEvents.MARK : topic.eventTimeOf(e.right());
            });
  }

  /**
   * The client id of the Kafka consumer of the source subtask that owns {@code metrics}: the Flink
   * Kafka source names it {@code <client id prefix>-<subtask index>}; null when the metric group
   * does not say the subtask.
   */
  static String consumerOf(String clientIdPrefix, MetricGroup metrics) {
    String subtask = metrics == null ? null : metrics.getAllVariables().get(SUBTASK_INDEX);
    return subtask == null ? null : clientIdPrefix + "-" + subtask;
  }

  private static final String SUBTASK_INDEX = "<subtask_index>";

  /**
   * A control stream (the fraud job's rules): its records take effect in the order they arrive, not
   * at an event time, so it never holds event time back: its watermark is the end of time from the
   * start, and a record's timestamp is its Kafka timestamp (when it was written).
   */
  public static <T> WatermarkStrategy<Either<DeadLetter, T>> control() {
    return WatermarkStrategy.<Either<DeadLetter, T>>forGenerator(ctx -> new EndOfTime<>())
        .withTimestampAssigner((e, kafkaTimestamp) -> Math.max(0, kafkaTimestamp));
  }

  /** Emits the end-of-time watermark: the stream never holds back its consumers' event time. */
  private static final class EndOfTime<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.emitWatermark(org.apache.flink.api.common.eventtime.Watermark.MAX_WATERMARK);
    }
  }

  /** No event time: a job that only sums (balances) applies late events like any other. */
  public static <T> WatermarkStrategy<Either<DeadLetter, T>> none() {
    return WatermarkStrategy.noWatermarks();
  }

  /**
   * One partition's watermark: bounded out-of-orderness over its on-time records, idle only once
   * quiet and caught up.
   */
  static final class PartitionWatermarks<T> implements WatermarkGenerator<Either<DeadLetter, T>> {
    /** How long a partition without any lag figure must be quiet before it may be idle. */
    static final Duration NO_LAG_FALLBACK = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(PartitionWatermarks.class);

    private final long outOfOrdernessMs;
    private final long idleNanos;
    private final RelativeClock clock;
    private final String group;
    private final String topic;
    private final String consumer;
    private long newest = Long.MIN_VALUE;
    private long lastActivity;
    private int partition = -1;
    private boolean idle;
    private boolean warned;

    PartitionWatermarks(
        Duration outOfOrderness,
        Duration idleness,
        RelativeClock clock,
        String group,
        String topic,
        String consumer) {
      this.outOfOrdernessMs = outOfOrderness.toMillis();
      this.idleNanos = idleness.toNanos();
      this.clock = clock;
      this.group = group;
      this.topic = topic;
      this.consumer = consumer;
      this.lastActivity = clock.relativeTimeNanos();
    }

    @Override
    public void onEvent(Either<DeadLetter, T> event, long timestamp, WatermarkOutput output) {
      if (partition < 0) {
        RawRecord raw = DecodedRecords.rawOf(event);
        if (raw != null) {
          partition = raw.partition();
          PartitionLag.claim(group, topic, partition);
        }
      }
      if (event.isLeft() || timestamp == LateEvents.MARK) {
        return; // no event time: neither progress nor activity
      }
      newest = Math.max(newest, timestamp);
      lastActivity = clock.relativeTimeNanos();
      if (idle) {
        idle = false;
        output.markActive();
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      long now = clock.relativeTimeNanos();
      if (now - lastActivity >= idleNanos && nothingLeftToRead(now)) {
        if (!idle) {
          idle = true;
          // what this partition has shown still counts: idleness must not withhold it
          emitNewest(output);
          output.markIdle();
        }
        return;
      }
      if (!idle) {
        emitNewest(output);
      }
    }

    private void emitNewest(WatermarkOutput output) {
      if (newest != Long.MIN_VALUE) {
        output.emitWatermark(new Watermark(newest - outOfOrdernessMs - 1));
      }
    }

    /**
     * Whether this partition's consumer has read it to its end. Before its first record the
     * partition is unknown (this is then the subtask's main generator, see {@link
     * PartitionLag#consumerCaughtUp}): then every partition of the topic that this subtask's own
     * consumer has fetched and no generator has claimed must be caught up. Without any lag figure
     * this falls back to plain idleness, but only after {@link #NO_LAG_FALLBACK} (at least three
     * idle periods): until its first fetch returns, a consumer has no figure either, and a source
     * slow to make that first fetch (a loaded machine, a large {@code fetch.max.wait.ms}) must not
     * be called idle while the other topics run ahead.
     */
    private boolean nothingLeftToRead(long now) {
      Boolean caughtUp;
      if (partition >= 0) {
        OptionalLong lag = PartitionLag.lag(group, topic, partition);
        caughtUp = lag.isPresent() ? lag.getAsLong() == 0 : null;
      } else {
        caughtUp = PartitionLag.consumerCaughtUp(group, topic, consumer);
      }
      if (caughtUp != null) {
        return caughtUp;
      }
      boolean fallBack = now - lastActivity >= Math.max(3 * idleNanos, NO_LAG_FALLBACK.toNanos());
      if (fallBack && !warned) {
        warned = true; // a consumer that never reports lag: say so once, when it starts to matter
        LOG.warn(
            "No consumer lag for {} (group {}, partition {}, consumer {}): idleness falls back to"
                + " time alone",
            topic,
            group,
            partition < 0 ? "not known yet" : partition,
            consumer);
      }
      return fallBack;
    }
  }
}
