package dev.croupier.bench.report;

import java.time.Duration;

/**
 * One throughput measurement over the backlog: what ran, the input records it had to read, the
 * records it did read (committed offsets), how long from submit until nothing was left, and whether
 * it got there at all. {@code goalRatio} is the goal as a ratio to the pass-through ceiling
 * (null: a ceiling itself, no goal). {@code middle} is the rate over the middle of the backlog
 * (null when the counts were too few to time it).
 */
public record Throughput(
    String what,
    String stateBackend,
    long expectedRecords,
    long readRecords,
    Duration wall,
    boolean caughtUp,
    Double goalRatio,
    MiddleRate middle) {

  public double eventsPerSecond() {
    return wall.isZero() ? 0 : readRecords / (wall.toNanos() / 1e9);
  }
}
