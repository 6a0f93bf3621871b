package dev.croupier.udfs.kafka;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the decode step checks about a record's event time ({@code occurredAt}), per job:
 *
 * <ul>
 *   <li>{@code maxAhead}: a record whose event time lies further ahead of its Kafka timestamp (the
 *       producer's send time; the job's clock when the record has none) is a dead letter of reason
 *       {@code future-event-time}, before it can touch a watermark, a timer or state.
 *   <li>{@code disorder} (jobs with event time only): a record more than this behind the newest
 *       event time its partition has shown is marked late. Decided per partition, in offset order,
 *       so it is a function of the input alone, whatever the speed of reading. The job's one late
 *       gate dead-letters what is marked.
 * </ul>
 */
public record EventTimeBounds(Duration maxAhead, Duration disorder) implements Serializable {

  /** Only the future bound: for a job without event time (balances). */
  public static EventTimeBounds futureOnly(Duration maxAhead) {
    return new EventTimeBounds(maxAhead, null);
  }

  /** Both bounds: for a job with event time. */
  public static EventTimeBounds of(Duration maxAhead, Duration disorder) {
    return new EventTimeBounds(maxAhead, disorder);
  }

  public boolean marksLate() {
    return disorder != null;
  }
}
