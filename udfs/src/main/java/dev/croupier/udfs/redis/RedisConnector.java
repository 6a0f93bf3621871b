package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Opens a pooled Jedis client from {@link RedisSettings}: ACL user, password, TLS, database,
 * timeouts.
 */
public final class RedisConnector {
  private RedisConnector() {}

  public static RedisClient open(RedisSettings s) {
    DefaultJedisClientConfig.Builder cfg =
        DefaultJedisClientConfig.builder()
            .ssl(s.tls())
            .database(s.database())
            .connectionTimeoutMillis((int) s.timeout().toMillis())
            .socketTimeoutMillis((int) s.timeout().toMillis())
            .clientName("croupier");
    if (s.password() != null) {
      cfg.user(s.user()).password(s.password());
    }
    return RedisClient.builder()
        .hostAndPort(new HostAndPort(s.host(), s.port()))
        .clientConfig(cfg.build())
        .build();
  }
}
