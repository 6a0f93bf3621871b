package dev.croupier.udfs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a job reaches Redis and how it batches writes. Serializable so sinks carry it to the
 * TaskManagers; {@link #toString()} never shows the password.
 */
public final class RedisSettings implements Serializable {
  private static final long serialVersionUID = 1L;

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
        c.duration("redis.timeout", Duration.ofSeconds(2)),
        c.intBetween("redis.batch-size", 500, 1, 100_000),
        c.duration("redis.flush-interval", Duration.ofMillis(100)));
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
        + "}";
  }
}
