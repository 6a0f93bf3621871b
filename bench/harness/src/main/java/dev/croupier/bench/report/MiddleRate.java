package dev.croupier.bench.report;

import java.time.Duration;

/**
 * The rate over the middle of a backlog: {@code records} (the records between 10 % and 90 % of it)
 * read in {@code wall}, seen through {@code samples} counts taken inside that window. The start-up
 * (scheduling, the first fetches, the first classes loaded) and the drain at the end fall outside
 * it; the JIT's warm-up only partly, as a new job's libraries are compiled for seconds.
 */
public record MiddleRate(long records, Duration wall, int samples) {

  public double eventsPerSecond() {
    return wall.isZero() ? 0 : records / (wall.toNanos() / 1e9);
  }
}
