package dev.croupier.udfs.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** The retry loop on a simulated clock: back-off, tolerance, fail-fast, metrics events. */
class RedisRetryTest {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private long nowNanos;
  private final List<Long> sleeps = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  private RedisRetry retry() {
    RedisRetry.Listener listener =
        new RedisRetry.Listener() {
          @Override
          public void retried(RedisErrors.Kind kind) {
            events.add("retried " + kind);
          }

          @Override
          public void outageStarted() {
            events.add("outage");
          }

          @Override
          public void outageEnded(long blockedNanos) {
            events.add("ended after " + blockedNanos / 1_000_000 + " ms");
          }
        };
    return new RedisRetry(
        "Redis at test:6379",
        TOLERANCE,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        listener,
        ms -> {
          sleeps.add(ms);
          nowNanos += ms * 1_000_000;
        },
        () -> nowNanos);
  }

  @Test
  void shouldRetryATransientFailureWithGrowingCappedBackOffUntilItSucceeds() throws Exception {
    // Given Redis that refuses connections for 12 attempts
    AtomicInteger attempts = new AtomicInteger();
    RedisRetry retry = retry();

    // When a write is retried
    String result =
        retry.call(
            "write",
            () -> {
              if (attempts.incrementAndGet() <= 12) {
                nowNanos += 2_000_000; // each failed attempt takes 2 ms
                throw new JedisConnectionException("Connection refused");
              }
              return "OK";
            });

    // Then it succeeds, after back-offs that double from ~100 ms and never exceed 5 s
    assertThat(result).isEqualTo("OK");
    assertThat(sleeps).hasSize(12);
    assertThat(sleeps.get(0)).isBetween(50L, 100L);
    assertThat(sleeps.get(5)).isBetween(1_600L, 3_200L);
    assertThat(sleeps).allMatch(ms -> ms <= 5_000);
    assertThat(sleeps.subList(7, 12)).allMatch(ms -> ms >= 2_500);
    // One outage, twelve retries, then the outage ends with the whole time blocked
    assertThat(events).first().isEqualTo("outage");
    assertThat(events.stream().filter(e -> e.startsWith("retried TRANSIENT"))).hasSize(12);
    // (counted from the first failure seen: the 11 later failed attempts and every back-off)
    long blocked = sleeps.stream().mapToLong(Long::longValue).sum() + 11 * 2;
    assertThat(events).last().isEqualTo("ended after " + blocked + " ms");
    assertThat(retry.currentOutageMillis()).isZero();
  }

  @Test
  void shouldFailOnceTheOutageOutlastsTheTolerance() {
    // Given Redis that never answers
    RedisRetry retry = retry();

    // When a write is retried, Then it fails after the tolerance, naming it and the last error
    assertThatThrownBy(
            () ->
                retry.call(
                    "write a batch of 500 balance-hashes",
                    () -> {
                      throw new JedisConnectionException("Read timed out");
                    }))
        .isInstanceOf(RedisWriteException.class)
        .hasMessageContaining("Redis at test:6379 still failing after PT5M")
        .hasMessageContaining("redis.outage-tolerance=PT5M")
        .hasMessageContaining("write a batch of 500 balance-hashes")
        .hasMessageContaining("Read timed out")
        .matches(e -> ((RedisWriteException) e).isOutage());
    // It waited the tolerance, not a moment longer, and about 5 s between attempts at the end
    long waited = sleeps.stream().mapToLong(Long::longValue).sum();
    assertThat(waited).isEqualTo(TOLERANCE.toMillis());
    assertThat(sleeps.size()).isBetween(60, 130);
  }

  @Test
  void shouldFailAtOnceOnAPermanentError() {
    RedisRetry retry = retry();
    assertThatThrownBy(
            () ->
                retry.call(
                    "write",
                    () -> {
                      throw new JedisDataException(
                          "WRONGTYPE Operation against a key holding the wrong kind of value");
                    }))
        .isInstanceOf(RedisWriteException.class)
        .hasMessageContaining("Redis at test:6379 refused to write")
        .hasMessageContaining("WRONGTYPE")
        .matches(e -> !((RedisWriteException) e).isOutage());
    assertThat(sleeps).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void shouldReplayAtOnceAfterLostScriptsWithoutCallingItAnOutage() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    RedisRetry retry = retry();
    retry.call(
        "write",
        () -> {
          if (attempts.incrementAndGet() == 1) {
            throw new JedisNoScriptException("NOSCRIPT No matching script");
          }
          return null;
        });
    assertThat(attempts).hasValue(2);
    assertThat(sleeps).isEmpty();
    assertThat(events).containsExactly("retried SCRIPT_MISSING");
  }

  @Test
  void shouldStopWaitingWhenInterrupted() {
    RedisRetry retry =
        new RedisRetry(
            "Redis at test:6379",
            TOLERANCE,
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            RedisRetry.Listener.NONE,
            ms -> {
              throw new InterruptedException("task cancelled");
            },
            System::nanoTime);
    assertThatThrownBy(
            () ->
                retry.call(
                    "write",
                    () -> {
                      throw new JedisConnectionException("refused");
                    }))
        .isInstanceOf(InterruptedException.class);
  }
}
