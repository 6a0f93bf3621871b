package dev.croupier.platform;

import java.util.Locale;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;

/**
 * One job's checkpoints at the end of a run: how many completed and failed, and the size of the
 * latest and the largest completed one (the whole state, not an increment).
 */
record CheckpointFigures(long completed, long failed, long lastBytes, long maxBytes) {

  static CheckpointFigures of(CheckpointStatsSnapshot stats) {
    CompletedCheckpointStats last = stats.getHistory().getLatestCompletedCheckpoint();
    return new CheckpointFigures(
        stats.getCounts().getNumberOfCompletedCheckpoints(),
        stats.getCounts().getNumberOfFailedCheckpoints(),
        last == null ? 0 : last.getStateSize(),
        stats.getSummaryStats().getStateSizeStats().getMaximum());
  }

  /** {@code 41 done, 0 failed, last 12.3 MB, max 12.9 MB}. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%d done, %d failed, last %s, max %s",
        completed,
        failed,
        bytes(lastBytes),
        bytes(maxBytes));
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
