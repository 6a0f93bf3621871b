package dev.croupier.bench;

import dev.croupier.bench.report.MiddleRate;
import java.time.Duration;
import java.util.Optional;

/**
 * Times the middle of a backlog from counts of the records read so far, taken at known times: the
 * moments 10 % and 90 % of the backlog were read are interpolated between the two counts around
 * each, and the rate in between is the measurement's steady rate. Fewer than {@link #MIN_SAMPLES}
 * counts inside the window (a backlog read in about a second at the bench's pace) give no rate: the
 * interpolation would decide it.
 */
final class MiddleOfBacklog {
  static final double FROM = 0.10;
  static final double TO = 0.90;
  static final int MIN_SAMPLES = 10;

  private final long expected;
  private final double from;
  private final double to;
  private long lastNanos = Long.MIN_VALUE;
  private long lastCount;
  private double fromNanos = Double.NaN;
  private double toNanos = Double.NaN;
  private int inside;
  private boolean startMissed;

  MiddleOfBacklog(long expected) {
    this.expected = expected;
    this.from = expected * FROM;
    this.to = expected * TO;
  }

  /** One count: {@code count} records read by {@code nanos} ({@link System#nanoTime()}). */
  void add(long nanos, long count) {
    if (lastNanos == Long.MIN_VALUE && count >= from) {
      // Counted first past the first mark: when it was passed is unknown.
      startMissed = true;
    }
    if (lastNanos != Long.MIN_VALUE && count > lastCount) {
      if (Double.isNaN(fromNanos) && count >= from) {
        fromNanos = crossing(from, nanos, count);
      }
      if (Double.isNaN(toNanos) && count >= to) {
        toNanos = crossing(to, nanos, count);
      }
    }
    if (count >= from && count <= to) {
      inside++;
    }
    if (lastNanos == Long.MIN_VALUE || count >= lastCount) {
      lastNanos = nanos;
      lastCount = count;
    }
  }

  /** When the count passed {@code mark}, on the straight line between the last count and this. */
  private double crossing(double mark, long nanos, long count) {
    return lastNanos + (mark - lastCount) / (count - lastCount) * (nanos - lastNanos);
  }

  /** Why {@link #rate()} is empty, or how many counts timed it; for the bench's progress lines. */
  String describe() {
    if (startMissed) {
      return "the first count was past 10 %";
    }
    return inside + " counts between 10 % and 90 %";
  }

  /** The steady rate, once both marks were passed with enough counts in between. */
  Optional<MiddleRate> rate() {
    if (expected <= 0 || startMissed || Double.isNaN(fromNanos) || Double.isNaN(toNanos)) {
      return Optional.empty();
    }
    if (inside < MIN_SAMPLES) {
      return Optional.empty();
    }
    return Optional.of(
        new MiddleRate(
            Math.round(to - from), Duration.ofNanos(Math.round(toNanos - fromNanos)), inside));
  }
}
