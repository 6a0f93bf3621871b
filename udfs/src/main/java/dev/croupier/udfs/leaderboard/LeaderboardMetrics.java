package dev.croupier.udfs.leaderboard;

import dev.croupier.udfs.metrics.CroupierMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The leaderboard function's own metrics, in {@code croupier.leaderboard}: the live and final
 * updates emitted. (Late events are counted by {@link dev.croupier.udfs.dlq.LateEvents}.)
 */
final class LeaderboardMetrics {
  private final Counter live;
  private final Counter closed;

  LeaderboardMetrics(MetricGroup operator) {
    MetricGroup leaderboard = CroupierMetrics.of(operator).addGroup("leaderboard");
    this.live = leaderboard.counter("liveUpdates");
    this.closed = leaderboard.counter("finalUpdates");
  }

  void live(int updates) {
    live.inc(updates);
  }

  void closed(int updates) {
    closed.inc(updates);
  }
}
