package dev.croupier.udfs.redis;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Redis call until it succeeds, through transient failures ({@link RedisErrors}), with
 * capped exponential back-off, for at most {@code tolerance} of continuous failure (an outage);
 * then, or at once on a permanent failure, throws a {@link RedisWriteException}. The caller's
 * thread blocks meanwhile: in a Flink sink that is the writer's sender thread (or the task thread
 * with {@code redis.max-batches-in-flight=0}), and the task thread waits for it once the hand-off
 * is full, so the job backpressures through an outage instead of failing. Not thread-safe; one per
 * writer ({@link #currentOutageMillis()} may be read from any thread).
 *
 * <p>A missing script is answered by the call itself (it reloads its scripts on the next attempt):
 * the first replay is immediate and does not count as an outage; a script cache that keeps
 * vanishing is then treated like any transient failure.
 */
public final class RedisRetry {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRetry.class);
  private static final int IMMEDIATE_SCRIPT_RELOADS = 2;

  /** Hears what the retries do; the Flink writer turns it into metrics. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** A failed attempt is about to be retried. */
    default void retried(RedisErrors.Kind kind) {}

    /** The first transient failure after a success: an outage begins. */
    default void outageStarted() {}

    /** A call succeeded after an outage that blocked the caller for {@code blockedNanos}. */
    default void outageEnded(long blockedNanos) {}
  }

  /** Waits between attempts; tests may replace it. */
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final String target;
  private final Duration tolerance;
  private final long initialBackoffMs;
  private final long maxBackoffMs;
  private final Listener listener;
  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private volatile long outageStartNanos = -1;

  /**
   * @param target what is called, for messages, e.g. {@code Redis at 10.0.0.5:6379}
   * @param tolerance how long an outage may last before the call fails
   */
  public RedisRetry(
      String target,
      Duration tolerance,
      Duration initialBackoff,
      Duration maxBackoff,
      Listener listener) {
    this(target, tolerance, initialBackoff, maxBackoff, listener, Thread::sleep, System::nanoTime);
  }

  RedisRetry(
      String target,
      Duration tolerance,
      Duration initialBackoff,
      Duration maxBackoff,
      Listener listener,
      Sleeper sleeper,
      LongSupplier nanoClock) {
    this.target = target;
    this.tolerance = tolerance;
    this.initialBackoffMs = Math.max(1, initialBackoff.toMillis());
    this.maxBackoffMs = Math.max(initialBackoffMs, maxBackoff.toMillis());
    this.listener = listener;
    this.sleeper = sleeper;
    this.nanoClock = nanoClock;
  }

  /**
   * Calls {@code attempt} until it returns; {@code what} names the call in messages ("write a batch
   * of 500"). Interrupts (a task being cancelled) end the waiting at once.
   */
  public <T> T call(String what, Callable<T> attempt) throws InterruptedException {
    long backoff = initialBackoffMs;
    int scriptReloads = 0;
    while (true) {
      try {
        T result = attempt.call();
        endOutage();
        return result;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        RedisErrors.Kind kind = RedisErrors.classify(e);
        if (kind == RedisErrors.Kind.PERMANENT) {
          throw new RedisWriteException(
              target + " refused to " + what + ": " + RedisErrors.describe(e), e, false);
        }
        if (kind == RedisErrors.Kind.SCRIPT_MISSING && scriptReloads++ < IMMEDIATE_SCRIPT_RELOADS) {
          listener.retried(kind);
          LOG.info("{} lost its scripts; loading them again and replaying", target);
          continue;
        }
        long now = nanoClock.getAsLong();
        if (outageStartNanos < 0) {
          outageStartNanos = now;
          listener.outageStarted();
          LOG.warn(
              "{} failed to {}: {}; retrying for up to {} (redis.outage-tolerance)",
              target,
              what,
              RedisErrors.describe(e),
              tolerance);
        }
        long outageMs = (now - outageStartNanos) / 1_000_000;
        long leftMs = tolerance.toMillis() - outageMs;
        if (leftMs <= 0) {
          throw new RedisWriteException(
              target
                  + " still failing after "
                  + Duration.ofMillis(outageMs)
                  + " (redis.outage-tolerance="
                  + tolerance
                  + ") to "
                  + what
                  + "; last error: "
                  + RedisErrors.describe(e),
              e,
              true);
        }
        listener.retried(kind);
        LOG.debug(
            "{} attempt failed ({}), next in ~{} ms", target, RedisErrors.describe(e), backoff);
        sleeper.sleep(Math.min(jittered(backoff), leftMs));
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }

  /** How long the outage in progress has lasted, 0 when there is none. */
  public long currentOutageMillis() {
    long start = outageStartNanos;
    return start < 0 ? 0 : (nanoClock.getAsLong() - start) / 1_000_000;
  }

  private void endOutage() {
    long start = outageStartNanos;
    if (start >= 0) {
      outageStartNanos = -1;
      long blocked = nanoClock.getAsLong() - start;
      listener.outageEnded(blocked);
      LOG.warn("{} answers again after {} ms", target, blocked / 1_000_000);
    }
  }

  /** Between half and all of {@code backoff}, so many subtasks do not retry in step. */
  private static long jittered(long backoff) {
    return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
  }
}
