package dev.croupier.udfs.config;

import dev.croupier.schemas.registry.RegistryConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * The settings every Croupier job shares: Kafka, the schema registry, Redis, topic names and the
 * runtime. Each job's own config object holds one of these plus its own keys. Keys:
 *
 * <pre>
 * kafka.bootstrap-servers (required)  kafka.group-id  kafka.starting-offsets=earliest|latest
 * kafka.transaction-timeout=10m       kafka.properties.*  (passed to every Kafka client)
 * registry.url (required)  registry.username  registry.password  registry.timeout=10s
 * registry.truststore.location  registry.truststore.password  registry.truststore.type=PKCS12
 * registry.missing-id-retry=3s (0 to 5m)  registry.missing-id-cache=1m (1s to 1h)
 * redis.host=127.0.0.1  redis.port=6379  redis.user  redis.password  redis.tls=false  redis.database=0
 * redis.key-prefix=croupier:  redis.timeout=2s  redis.batch-size=500  redis.flush-interval=100ms
 * topics.bets|rounds|payments|accounts|alerts|balances|dlq
 * job.parallelism  job.checkpoint-interval=10s  job.state-backend=hashmap|rocksdb  job.checkpoint-dir
 * job.restart-attempts=10  job.restart-delay=5s  job.buffer-timeout=5ms
 * </pre>
 *
 * Secrets may be given as {@code ${env:NAME}}.
 */
public record CommonJobConfig(
    String jobName,
    KafkaSettings kafka,
    RegistryConfig registry,
    RedisSettings redis,
    TopicNames topics,
    RuntimeSettings runtime)
    implements Serializable {

  /**
   * Parses and validates the shared keys; throws {@link ConfigException} naming the first bad key.
   */
  public static CommonJobConfig from(
      ConfigValues c, String jobName, RuntimeSettings.StateBackend defaultBackend) {
    return new CommonJobConfig(
        jobName,
        KafkaSettings.from(c, jobName),
        registry(c),
        RedisSettings.from(c),
        TopicNames.from(c),
        RuntimeSettings.from(c, defaultBackend));
  }

  static RegistryConfig registry(ConfigValues c) {
    String url =
        c.requiredString(
            "registry.url", "the registry's Confluent API base URL, e.g. http://host:8081");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw ConfigValues.invalid("registry.url", url, "an http:// or https:// URL");
    }
    RegistryConfig.Builder b = RegistryConfig.builder(url);
    if (c.has("registry.username")) {
      b.basicAuth(c.raw("registry.username"), c.string("registry.password", ""));
    }
    if (c.has("registry.truststore.location")) {
      b.truststore(
          c.raw("registry.truststore.location"),
          c.string("registry.truststore.password", null),
          c.string("registry.truststore.type", "PKCS12"));
    }
    b.requestTimeout(c.duration("registry.timeout", Duration.ofSeconds(10)));
    // A schema id the registry answers 404 for is asked again this long (a replica may lag the
    // primary), then its 404 is trusted this long: a flood of bad ids costs no request per record.
    b.missingIds(
        within(
            c,
            "registry.missing-id-retry",
            Duration.ofSeconds(3),
            Duration.ZERO,
            Duration.ofMinutes(5)),
        within(
            c,
            "registry.missing-id-cache",
            Duration.ofMinutes(1),
            Duration.ofSeconds(1),
            Duration.ofHours(1)));
    return b.build();
  }

  private static Duration within(
      ConfigValues c, String key, Duration fallback, Duration min, Duration max) {
    Duration d = c.duration(key, fallback);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw ConfigValues.invalid(key, c.raw(key), "a duration between " + min + " and " + max);
    }
    return d;
  }
}
