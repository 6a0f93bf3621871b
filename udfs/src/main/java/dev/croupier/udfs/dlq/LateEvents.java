package dev.croupier.udfs.dlq;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.schemas.wire.DeadLetters;
import java.io.Serializable;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.metrics.MetricGroup;

/**
 * The one way a job handles an event it finds late: counted as a dead letter of reason {@code late}
 * ({@code croupier.reason.late.deadLetters}, see {@link DeadLetterCounters}) and turned into a
 * {@link DeadLetter} for {@link DeadLetterOutput#TAG}. Each job decides lateness in exactly one
 * operator, which calls this: the fraud job's gates ({@code PlayerEventGate}), the leaderboard
 * function; the balance job has no event time, so nothing is late there.
 *
 * <p>Create in the function's constructor, {@link #open} in its {@code open}.
 */
public final class LateEvents implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DeadLetters deadLetters;
  private transient DeadLetterCounters counters;

  /** Late events of {@code job}. */
  public LateEvents(String job) {
    this.deadLetters = new DeadLetters(Objects.requireNonNull(job, "job"));
  }

  /** Registers the late counter in the operator's group (it shows 0 until an event is late). */
  public void open(MetricGroup operatorGroup) {
    counters = DeadLetterCounters.register(operatorGroup, DeadLetterReason.LATE);
  }

  /**
   * Counts {@code record} of {@code topic} as late and returns its dead letter.
   *
   * @param detail why it is late, e.g. how far behind which watermark
   * @param timestamp its timestamp in the stream (ms), or null when unknown
   */
  public <T extends SpecificRecordBase> DeadLetter deadLetter(
      Topic<T> topic, T record, String detail, Long timestamp) {
    counters.count(DeadLetterReason.LATE);
    return deadLetters.of(topic, record, DeadLetterReason.LATE, detail, timestamp);
  }

  /** Late events counted since {@link #open}. */
  public long count() {
    return counters.countOf(DeadLetterReason.LATE);
  }
}
