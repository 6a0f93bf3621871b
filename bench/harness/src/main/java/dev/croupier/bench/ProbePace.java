package dev.croupier.bench;

import java.time.Duration;

/**
 * How long the throughput probe waits before it asks the JobManager again how far a measurement's
 * sources are. Each metric request makes the JobManager copy every metric of every TaskManager if
 * its copy is older than {@link #FETCH_INTERVAL}; asked every 100 ms all along, that took up to 38
 * % of a core while the three jobs ran together. So the probe asks rarely while the end is far,
 * every {@link #NEAR} once it is close, and never waits longer than {@link #RELATIVE_BOUND} of the
 * time so far: a short measurement (a ceiling) is asked as often as before, and however wrong the
 * estimate of the time left, the end is seen that late at most.
 */
final class ProbePace {
  /** The bench's {@code metrics.fetcher.update-interval}: how old a fetched figure can be. */
  static final Duration FETCH_INTERVAL = Duration.ofMillis(500);

  /** The wait once the end is near, and the shortest. */
  static final Duration NEAR = Duration.ofMillis(100);

  /** The longest wait, however far the end. */
  static final Duration FAR = Duration.ofSeconds(5);

  /** Closer to the end than this (at the rate so far), the probe asks every {@link #NEAR}. */
  static final Duration NEAR_END = Duration.ofSeconds(3);

  /** A wait is at most this share of the time since the clock started. */
  static final double RELATIVE_BOUND = 0.02;

  private Duration lastWait = NEAR;

  /**
   * The wait before the next question, given the answer just read at {@code now}: {@code emitted}
   * of {@code expected} records, the clock having started at {@code start} (both {@link
   * System#nanoTime()}). Zero once every record was emitted.
   *
   * <p>An answer can be as old as the previous question plus one fetch (the JobManager answers from
   * the copy that question started), so the estimate of the time left is cut by that much.
   */
  Duration next(long emitted, long expected, long start, long now) {
    if (emitted >= expected) {
      return Duration.ZERO;
    }
    long elapsed = now - start;
    long wait = NEAR.toNanos();
    if (emitted > 0 && elapsed > 0) {
      long left = (long) ((expected - emitted) / ((double) emitted / elapsed));
      long ahead = left - lastWait.toNanos() - FETCH_INTERVAL.toNanos();
      if (ahead > NEAR_END.toNanos()) {
        wait = Math.min(Math.min(FAR.toNanos(), ahead), (long) (elapsed * RELATIVE_BOUND));
      }
    }
    lastWait = Duration.ofNanos(Math.max(NEAR.toNanos(), wait));
    return lastWait;
  }
}
