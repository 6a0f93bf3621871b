package dev.croupier.bench.micro;

import dev.croupier.testkit.RedisServer;
import dev.croupier.udfs.config.RedisSettings;
import java.time.Duration;

/** The Redis settings of the benchmarks' local server: plain TCP, no auth, database 0. */
final class LocalRedis {
  private LocalRedis() {}

  /** Keys under {@code keyPrefix}, {@code batch} writes a pipelined batch, a 10 s time-out. */
  static RedisSettings settings(RedisServer server, String keyPrefix, int batch) {
    return new RedisSettings(
        server.host(),
        server.port(),
        null,
        null,
        false,
        0,
        keyPrefix,
        Duration.ofSeconds(10),
        batch,
        Duration.ofMillis(100));
  }
}
