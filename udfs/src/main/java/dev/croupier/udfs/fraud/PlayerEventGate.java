package dev.croupier.udfs.fraud;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.LateEvents;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Lets a topic's on-time records into the fraud job as {@link PlayerEvent}s: the one place the
 * fraud job decides lateness. A record at or behind its source's watermark (later than the
 * configured out-of-orderness allows) is not dropped silently: {@link LateEvents} counts it and it
 * goes to the dead-letter output with reason {@code late}.
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
    long watermark = ctx.timerService().currentWatermark();
    Long ts = ctx.timestamp();
    if (ts != null && ts <= watermark) {
      ctx.output(
          DeadLetterOutput.TAG,
          late.deadLetter(
              topic, record, "event time " + ts + " is not after the watermark " + watermark, ts));
      return;
    }
    out.collect(convert.apply(record));
  }
}
