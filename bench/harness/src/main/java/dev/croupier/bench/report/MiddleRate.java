package dev.croupier.bench.report;

import java.time.Duration;

/**
 * The rate over the middle of a backlog: {@code records} (the records between 10 % and 90 % of it)
 * read in {@code wall}, seen through {@code samples} counts taken inside that window. Start-up
 * (JIT, class loading, the first fetches) and the drain at the end fall outside it, so two
 * measurements that start differently warm compare as their steady rates.
 */
public record MiddleRate(long records, Duration wall, int samples) {

  public double eventsPerSecond() {
    return wall.isZero() ? 0 : records / (wall.toNanos() / 1e9);
  }
}
