package dev.croupier.udfs.fraud;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.LateEvents;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Lets a topic's on-time records into the fraud job as {@link PlayerEvent}s: the one place the
 * fraud job dead-letters late records. A record the decode step found more than {@code
 * fraud.out-of-orderness} behind the newest event time of its partition (stream timestamp {@link
 * LateEvents#MARK}) is not dropped silently: {@link LateEvents} counts it and it goes to the
 * dead-letter output with reason {@code late}. The decision depends on the partition's contents
 * only, never on how fast the job reads, so a replay dead-letters exactly the same records.
 */
public final class PlayerEventGate<T extends SpecificRecordBase>
    extends ProcessFunction<T, PlayerEvent> {
  private static final long serialVersionUID = 1L;

  private final Topic<T> topic;
  private final SerializableFunction<T, PlayerEvent> convert;
  private final LateEvents late;

  public PlayerEventGate(Topic<T> topic, SerializableFunction<T, PlayerEvent> convert, String job) {
    this.topic = topic;
    this.convert = convert;
    this.late = new LateEvents(job);
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
    out.collect(convert.apply(record));
  }
}
