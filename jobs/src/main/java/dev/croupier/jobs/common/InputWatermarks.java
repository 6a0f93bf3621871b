package dev.croupier.jobs.common;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.udfs.config.EventTimeSettings;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Either;

/**
 * Watermarks for a decoded Kafka source: event time from the record, bounded out-of-orderness, idle
 * partitions ignored after a while. Dead letters (Left) have no event time: they keep their Kafka
 * timestamp (the DLQ producer needs a valid one) but never move the watermark.
 */
public final class InputWatermarks {
  private InputWatermarks() {}

  /** The event time of a decoded record, in epoch ms. */
  public interface EventTime<T> extends Serializable {
    long of(T record);
  }

  /** Event time from {@code eventTime}, with the job's out-of-orderness and idleness. */
  public static <T> WatermarkStrategy<Either<DeadLetter, T>> of(
      EventTimeSettings settings, EventTime<T> eventTime) {
    Duration outOfOrderness = settings.outOfOrderness();
    return WatermarkStrategy.<Either<DeadLetter, T>>forGenerator(
            ctx -> new RightOnly<>(outOfOrderness))
        .withTimestampAssigner(
            (e, kafkaTimestamp) ->
                e.isRight() ? eventTime.of(e.right()) : Math.max(0, kafkaTimestamp))
        .withIdleness(settings.idleness());
  }

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

  /** Bounded out-of-orderness over the decoded records only. */
  private static final class RightOnly<T> implements WatermarkGenerator<Either<DeadLetter, T>> {
    private final BoundedOutOfOrdernessWatermarks<Either<DeadLetter, T>> bounded;

    RightOnly(Duration outOfOrderness) {
      this.bounded = new BoundedOutOfOrdernessWatermarks<>(outOfOrderness);
    }

    @Override
    public void onEvent(Either<DeadLetter, T> event, long timestamp, WatermarkOutput output) {
      if (event.isRight()) {
        bounded.onEvent(event, timestamp, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      bounded.onPeriodicEmit(output);
    }
  }
}
