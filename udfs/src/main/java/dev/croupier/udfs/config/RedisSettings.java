package dev.croupier.udfs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a job reaches Redis and how it batches writes. Serializable so sinks carry it to the
 * TaskManagers; {@link #toString()} never shows the password.
 */
public final class RedisSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * How long a writer retries through an outage before failing its task: long enough for a Redis
   * restart or a fail-over, shorter than the default Kafka transaction time-out (10m) that an
   * outage holds open.
   */
  public static final Duration DEFAULT_OUTAGE_TOLERANCE = Duration.ofMinutes(5);

  /**
   * How long a batch may wait for more writes after its first one. Below the rate that fills a
   * batch, each write waits up to this long, so it is a floor under the p99 of every Redis view: at
   * 100 ms the balance hash's p99 could not come under its 100 ms goal, nor the boards' under 600
   * ms beside their 500 ms live-update delay. Under a backlog batches fill by size first.
   */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(20);

  static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);
  static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(5);

  /**
   * Batches a writer may have handed to its sender thread and not yet seen written: 1 lets the task
   * fill the next batch while the previous one is on the wire (double buffering, the fewest records
   * held and the shortest wait in a checkpoint's flush; RedisSinkBench could not tell 1 from 2 on a
   * loaded 2-core machine, docs/BENCHMARKS.md). 0 sends in the task thread, as before the sender
   * thread existed.
   */
  public static final int DEFAULT_MAX_BATCHES_IN_FLIGHT = 1;

  static final int MAX_BATCHES_IN_FLIGHT_LIMIT = 16;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final boolean tls;
  private final int database;
  private final String keyPrefix;
  private final Duration timeout;
  private final int batchSize;
  private final Duration flushInterval;
  private final Duration outageTolerance;
  private final Duration retryInitialBackoff;
  private final Duration retryMaxBackoff;
  private final int maxBatchesInFlight;

  /** Settings with the default retry: 5 min outage tolerance, back-off 100 ms doubling to 5 s. */
  public RedisSettings(
      String host,
      int port,
      String user,
      String password,
      boolean tls,
      int database,
      String keyPrefix,
      Duration timeout,
      int batchSize,
      Duration flushInterval) {
    this(
        host,
        port,
        user,
        password,
        tls,
        database,
        keyPrefix,
        timeout,
        batchSize,
        flushInterval,
        DEFAULT_OUTAGE_TOLERANCE,
        DEFAULT_RETRY_INITIAL_BACKOFF,
        DEFAULT_RETRY_MAX_BACKOFF,
        DEFAULT_MAX_BATCHES_IN_FLIGHT);
  }

  /**
   * @param maxBatchesInFlight batches handed to the sender thread and not yet written, 0 for
   *     writing in the task thread ({@code redis.max-batches-in-flight})
   */
  public RedisSettings(
      String host,
      int port,
      String user,
      String password,
      boolean tls,
      int database,
      String keyPrefix,
      Duration timeout,
      int batchSize,
      Duration flushInterval,
      Duration outageTolerance,
      Duration retryInitialBackoff,
      Duration retryMaxBackoff,
      int maxBatchesInFlight) {
    if (maxBatchesInFlight < 0 || maxBatchesInFlight > MAX_BATCHES_IN_FLIGHT_LIMIT) {
      throw new IllegalArgumentException(
          "redis.max-batches-in-flight must be between 0 and "
              + MAX_BATCHES_IN_FLIGHT_LIMIT
              + ", not "
              + maxBatchesInFlight);
    }
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.tls = tls;
    this.database = database;
    this.keyPrefix = keyPrefix;
    this.timeout = timeout;
    this.batchSize = batchSize;
    this.flushInterval = flushInterval;
    this.outageTolerance = outageTolerance;
    this.retryInitialBackoff = retryInitialBackoff;
    this.retryMaxBackoff = retryMaxBackoff;
    this.maxBatchesInFlight = maxBatchesInFlight;
  }

  /** A copy with another retry policy (tests, tools). */
  public RedisSettings withRetry(
      Duration outageTolerance, Duration retryInitialBackoff, Duration retryMaxBackoff) {
    return copy(timeout, outageTolerance, retryInitialBackoff, retryMaxBackoff);
  }

  /** A copy with another connect, reply and borrow time-out (tests). */
  public RedisSettings withTimeout(Duration timeout) {
    return copy(timeout, outageTolerance, retryInitialBackoff, retryMaxBackoff);
  }

  /** A copy with another {@code redis.max-batches-in-flight} (tests, benchmarks). */
  public RedisSettings withMaxBatchesInFlight(int maxBatchesInFlight) {
    return copy(timeout, outageTolerance, retryInitialBackoff, retryMaxBackoff, maxBatchesInFlight);
  }

  private RedisSettings copy(
      Duration timeout, Duration tolerance, Duration initialBackoff, Duration maxBackoff) {
    return copy(timeout, tolerance, initialBackoff, maxBackoff, maxBatchesInFlight);
  }

  private RedisSettings copy(
      Duration timeout,
      Duration tolerance,
      Duration initialBackoff,
      Duration maxBackoff,
      int inFlight) {
    return new RedisSettings(
        host,
        port,
        user,
        password,
        tls,
        database,
        keyPrefix,
        timeout,
        batchSize,
        flushInterval,
        tolerance,
        initialBackoff,
        maxBackoff,
        inFlight);
  }

  /** Local, unauthenticated settings with default batching: tests and the local platform. */
  public static RedisSettings local(String host, int port, String keyPrefix) {
    return new RedisSettings(
        host,
        port,
        null,
        null,
        false,
        0,
        keyPrefix,
        Duration.ofSeconds(2),
        500,
        Duration.ofMillis(100));
  }

  static RedisSettings from(ConfigValues c) {
    String prefix = c.string("redis.key-prefix", "croupier:");
    if (prefix.contains(" ")) {
      throw ConfigValues.invalid(
          "redis.key-prefix", prefix, "a key prefix without spaces, e.g. croupier:");
    }
    return new RedisSettings(
        c.string("redis.host", "127.0.0.1"),
        c.intBetween("redis.port", 6379, 1, 65535),
        c.string("redis.user", null),
        c.string("redis.password", null),
        c.bool("redis.tls", false),
        c.intBetween("redis.database", 0, 0, 15),
        prefix,
        positive(c, "redis.timeout", Duration.ofSeconds(2)),
        c.intBetween("redis.batch-size", 500, 1, 100_000),
        c.duration("redis.flush-interval", DEFAULT_FLUSH_INTERVAL),
        positive(c, "redis.outage-tolerance", DEFAULT_OUTAGE_TOLERANCE),
        positive(c, "redis.retry-initial-backoff", DEFAULT_RETRY_INITIAL_BACKOFF),
        positive(c, "redis.retry-max-backoff", DEFAULT_RETRY_MAX_BACKOFF),
        c.intBetween(
            "redis.max-batches-in-flight",
            DEFAULT_MAX_BATCHES_IN_FLIGHT,
            0,
            MAX_BATCHES_IN_FLIGHT_LIMIT));
  }

  private static Duration positive(ConfigValues c, String key, Duration fallback) {
    Duration d = c.duration(key, fallback);
    if (d.toMillis() < 1) {
      throw ConfigValues.invalid(key, c.raw(key), "a duration of at least 1ms, e.g. " + fallback);
    }
    return d;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public boolean tls() {
    return tls;
  }

  public int database() {
    return database;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  public Duration timeout() {
    return timeout;
  }

  public int batchSize() {
    return batchSize;
  }

  public Duration flushInterval() {
    return flushInterval;
  }

  /** How long continuous failure may last before a writer fails its task. */
  public Duration outageTolerance() {
    return outageTolerance;
  }

  /** The first wait between retries; it doubles up to {@link #retryMaxBackoff()}. */
  public Duration retryInitialBackoff() {
    return retryInitialBackoff;
  }

  public Duration retryMaxBackoff() {
    return retryMaxBackoff;
  }

  /**
   * How many batches a writer may have handed to its sender thread and not yet seen written before
   * the task thread waits; 0: the task thread writes each batch itself.
   */
  public int maxBatchesInFlight() {
    return maxBatchesInFlight;
  }

  @Override
  public String toString() {
    return "RedisSettings{"
        + host
        + ":"
        + port
        + ", user="
        + (user == null ? "default" : user)
        + ", password="
        + (password == null ? "none" : "<redacted>")
        + ", tls="
        + tls
        + ", db="
        + database
        + ", prefix="
        + keyPrefix
        + ", batchSize="
        + batchSize
        + ", flushInterval="
        + flushInterval
        + ", timeout="
        + timeout
        + ", outageTolerance="
        + outageTolerance
        + ", maxBatchesInFlight="
        + maxBatchesInFlight
        + "}";
  }
}
