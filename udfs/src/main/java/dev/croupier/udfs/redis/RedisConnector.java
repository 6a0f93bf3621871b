package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Opens a pooled Jedis client from {@link RedisSettings}: ACL user, password, TLS, database, and
 * {@code redis.timeout} for connecting, for every reply and for borrowing a connection from the
 * pool, so no call waits without limit. A writer uses one connection at a time; the pool is small.
 */
public final class RedisConnector {
  static final int POOL_SIZE = 2;

  private RedisConnector() {}

  public static RedisClient open(RedisSettings s) {
    int timeoutMs = (int) s.timeout().toMillis();
    DefaultJedisClientConfig.Builder cfg =
        DefaultJedisClientConfig.builder()
            .ssl(s.tls())
            .database(s.database())
            .connectionTimeoutMillis(timeoutMs)
            .socketTimeoutMillis(timeoutMs)
            .clientName("croupier");
    if (s.password() != null) {
      cfg.user(s.user()).password(s.password());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    // Commons-pool waits forever by default; a borrow that cannot be served in time is transient.
    pool.setMaxWait(Duration.ofMillis(timeoutMs));
    return RedisClient.builder()
        .hostAndPort(new HostAndPort(s.host(), s.port()))
        .clientConfig(cfg.build())
        .poolConfig(pool)
        .build();
  }

  /** {@code Redis at host:port} for messages; never the credentials. */
  public static String describe(RedisSettings s) {
    return "Redis at " + s.host() + ":" + s.port();
  }
}
