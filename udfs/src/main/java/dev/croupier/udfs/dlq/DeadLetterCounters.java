package dev.croupier.udfs.dlq;

import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One counter per dead-letter reason in an operator's metric group, laid out once for every job:
 * group {@link CroupierMetrics#GROUP croupier}, key-value group {@code reason=<code>}, counter
 * {@code deadLetters} (a Prometheus reporter shows {@code
 * ..._croupier_reason_deadLetters{reason="late"}}). Reasons named at registration show as zero
 * until they happen; others appear on first use.
 */
public final class DeadLetterCounters {
  public static final String REASON_KEY = "reason";
  public static final String COUNTER = "deadLetters";

  private final MetricGroup croupier;
  private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);

  private DeadLetterCounters(MetricGroup croupier) {
    this.croupier = croupier;
  }

  /** Registers the counters of {@code expected} reasons in {@code operatorGroup}. */
  public static DeadLetterCounters register(
      MetricGroup operatorGroup, DeadLetterReason... expected) {
    DeadLetterCounters counters = new DeadLetterCounters(CroupierMetrics.of(operatorGroup));
    for (DeadLetterReason reason : expected) {
      counters.counter(reason);
    }
    return counters;
  }

  /** Counts one dead letter of {@code reason}. */
  public void count(DeadLetterReason reason) {
    counter(reason).inc();
  }

  /** Dead letters of {@code reason} counted so far. */
  public long countOf(DeadLetterReason reason) {
    return counter(reason).getCount();
  }

  private Counter counter(DeadLetterReason reason) {
    return counters.computeIfAbsent(
        reason, r -> croupier.addGroup(REASON_KEY, r.code()).counter(COUNTER));
  }
}
