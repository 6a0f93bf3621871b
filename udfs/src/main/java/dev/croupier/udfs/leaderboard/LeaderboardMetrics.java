package dev.croupier.udfs.leaderboard;

import dev.croupier.schemas.wire.DeadLetterReason;
import dev.croupier.udfs.dlq.DeadLetterCounters;
import dev.croupier.udfs.metrics.CroupierMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The leaderboard function's metrics: late events counted as dead letters of reason {@code late} in
 * the layout of {@link DeadLetterCounters} ({@code croupier.reason=late.deadLetters}), and in
 * {@code croupier.leaderboard} the live and final updates emitted.
 */
final class LeaderboardMetrics {
  private final Counter late;
  private final Counter live;
  private final Counter closed;

  LeaderboardMetrics(MetricGroup operator) {
    MetricGroup croupier = CroupierMetrics.of(operator);
    this.late =
        croupier
            .addGroup(DeadLetterCounters.REASON_KEY, DeadLetterReason.LATE.code())
            .counter(DeadLetterCounters.COUNTER);
    MetricGroup leaderboard = croupier.addGroup("leaderboard");
    this.live = leaderboard.counter("liveUpdates");
    this.closed = leaderboard.counter("finalUpdates");
  }

  void late() {
    late.inc();
  }

  void live(int updates) {
    live.inc(updates);
  }

  void closed(int updates) {
    closed.inc(updates);
  }

  long lateCount() {
    return late.getCount();
  }
}
