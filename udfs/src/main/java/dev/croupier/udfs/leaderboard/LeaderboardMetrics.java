package dev.croupier.udfs.leaderboard;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The leaderboard function's counters, in group {@code croupier}: late events as dead letters of
 * reason {@code late} (the layout every job uses for dead letters), and under {@code leaderboard}
 * the live and final updates emitted.
 */
final class LeaderboardMetrics {
  private final Counter late;
  private final Counter live;
  private final Counter closed;

  LeaderboardMetrics(MetricGroup operator) {
    MetricGroup croupier = operator.addGroup("croupier");
    this.late = croupier.addGroup("reason", "late").counter("deadLetters");
    MetricGroup leaderboard = croupier.addGroup("leaderboard");
    this.live = leaderboard.counter("liveUpdates");
    this.closed = leaderboard.counter("finalUpdates");
  }

  void late() {
    late.inc();
  }

  void live() {
    live.inc();
  }

  void closed() {
    closed.inc();
  }

  long lateCount() {
    return late.getCount();
  }
}
