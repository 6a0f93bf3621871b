package dev.croupier.udfs.leaderboard;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.DeadLetters;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the late events of {@link LeaderboardFunction}'s side outputs into dead letters of reason
 * {@code late} for {@code platform.dlq}. The original Kafka timestamp is unknown by then, so {@code
 * recordTimestamp} is null (the event time is in the value). The function has already counted them.
 */
public final class LateDeadLetters<T extends SpecificRecordBase>
    extends ProcessFunction<T, DeadLetter> implements ResultTypeQueryable<DeadLetter> {
  private static final long serialVersionUID = 1L;

  private final Topic<T> topic;
  private final DeadLetters deadLetters;
  private final String detail;

  /**
   * Late events read from {@code topic} by {@code job}, whose windows allow {@code
   * allowedLateness}.
   */
  public LateDeadLetters(Topic<T> topic, String job, Duration allowedLateness) {
    this.topic = topic;
    this.deadLetters = new DeadLetters(job);
    this.detail =
        "behind the watermark by more than the allowed lateness ("
            + allowedLateness
            + ") for at least one leaderboard window; not counted on the boards of the windows already closed";
  }

  @Override
  public void processElement(T event, Context ctx, Collector<DeadLetter> out) {
    out.collect(deadLetters.of(topic, event, DeadLetterReason.LATE, detail));
  }

  @Override
  public TypeInformation<DeadLetter> getProducedType() {
    return new AvroTypeInfo<>(DeadLetter.class);
  }
}
