package dev.croupier.udfs.fraud;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.LateEvents;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Lets a topic's on-time records into the fraud job as {@link PlayerEvent}s: the one place the
 * fraud job dead-letters late records. A record the decode step found more than {@code
 * fraud.out-of-orderness} behind the newest event time of its partition (stream timestamp {@link
 * LateEvents#MARK}) is not dropped silently: {@link LateEvents} counts it and it goes to the
 * dead-letter output with reason {@code late}. The decision depends on the partition's contents
 * only, never on how fast the job reads, so a replay dead-letters exactly the same records.
 *
 * <p>It also copies each fresh event (at most {@code earlyMaxAge} older than the wall clock when it
 * arrives) to {@link #EARLY}, the input of the early-alert track (see {@code
 * EarlyAlertConfirmation}). An older event gains nothing there: in a live stream the watermark
 * passes it about when it arrives. So a job catching up on a backlog sends nothing down that track.
 */
public final class PlayerEventGate<T extends SpecificRecordBase>
    extends ProcessFunction<T, PlayerEvent> {
  private static final long serialVersionUID = 1L;

  /** Fresh on-time events, for the early-alert track. */
  public static final OutputTag<PlayerEvent> EARLY =
      new OutputTag<>("early-events", PlayerEventTypeInfo.INSTANCE);

  private final Topic<T> topic;
  private final SerializableFunction<T, PlayerEvent> convert;
  private final LateEvents late;
  private final long earlyMaxAgeMs;

  /** A gate without the early-alert track. */
  public PlayerEventGate(Topic<T> topic, SerializableFunction<T, PlayerEvent> convert, String job) {
    this(topic, convert, job, null);
  }

  /**
   * A gate that copies events at most {@code earlyMaxAge} old on arrival to {@link #EARLY}; none if
   * {@code earlyMaxAge} is null.
   */
  public PlayerEventGate(
      Topic<T> topic,
      SerializableFunction<T, PlayerEvent> convert,
      String job,
      Duration earlyMaxAge) {
    this.topic = topic;
    this.convert = convert;
    this.late = new LateEvents(job);
    this.earlyMaxAgeMs = earlyMaxAge == null ? -1 : earlyMaxAge.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    late.open(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(T record, Context ctx, Collector<PlayerEvent> out) {
    if (LateEvents.isMarked(ctx.timestamp())) {
      ctx.output(
          DeadLetterOutput.TAG,
          late.deadLetter(
              topic,
              record,
              "occurredAt "
                  + Instant.ofEpochMilli(topic.eventTimeOf(record))
                  + " is more than the out-of-orderness behind its partition's newest event",
              null));
      return;
    }
    PlayerEvent event = convert.apply(record);
    out.collect(event);
    if (earlyMaxAgeMs >= 0
        && ctx.timerService().currentProcessingTime() - event.occurredAt <= earlyMaxAgeMs) {
      ctx.output(EARLY, event);
    }
  }
}
