package dev.croupier.simulator;

import java.util.concurrent.TimeUnit;

/**
 * Holds events back to wall-clock time: event time runs {@code acceleration} times faster than wall
 * time (0: no such limit), and at most {@code ratePerSecond} events go out per second (0: no
 * limit). Pacing only delays; it never changes what is generated.
 */
final class Pacer {
  private static final long MIN_SLEEP_NANOS = 1_000_000;
  private final long startEventMillis;
  private final double acceleration;
  private final double ratePerSecond;
  private final long wallStart = System.nanoTime();
  private long sent;

  Pacer(long startEventMillis, double acceleration, double ratePerSecond) {
    this.startEventMillis = startEventMillis;
    this.acceleration = acceleration;
    this.ratePerSecond = ratePerSecond;
  }

  /** Waits until the event at {@code eventAt} is due. */
  void await(long eventAt) throws InterruptedException {
    long dueNanos = 0;
    if (acceleration > 0) {
      dueNanos = (long) ((eventAt - startEventMillis) * 1e6 / acceleration);
    }
    if (ratePerSecond > 0) {
      dueNanos = Math.max(dueNanos, (long) (sent * 1e9 / ratePerSecond));
    }
    sent++;
    long wait = wallStart + dueNanos - System.nanoTime();
    if (wait > MIN_SLEEP_NANOS) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
