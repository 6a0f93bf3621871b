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
 * redis.key-prefix=croupier:  redis.timeout=2s  redis.batch-size=500  redis.flush-interval=20ms
 * redis.outage-tolerance=5m  redis.retry-initial-backoff=100ms  redis.retry-max-backoff=5s
 * redis.max-batches-in-flight=1
 * topics.bets|rounds|payments|accounts|alerts|balances|dlq
 * job.parallelism  job.max-parallelism=128  job.state-backend=hashmap|rocksdb  job.checkpoint-dir
 * job.checkpoint-interval=10s  job.checkpoint-timeout=10m  job.tolerable-failed-checkpoints=5
 * job.restart-attempts=30  job.restart-delay=1s  job.restart-max-delay=1m
 * job.restart-reset-after=10m  job.buffer-timeout=5ms
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
   * The job's config then parses its own keys and calls {@link ConfigValues#rejectUnknownKeys}.
   */
  public static CommonJobConfig from(
      ConfigValues c, String jobName, RuntimeSettings.StateBackend defaultBackend) {
    return from(c, jobName, defaultBackend, RuntimeSettings.DEFAULT_BUFFER_TIMEOUT);
  }

  /**
   * As {@link #from(ConfigValues, String, RuntimeSettings.StateBackend)}, with the job's own
   * default {@code job.buffer-timeout}.
   */
  public static CommonJobConfig from(
      ConfigValues c,
      String jobName,
      RuntimeSettings.StateBackend defaultBackend,
      Duration defaultBufferTimeout) {
    CommonJobConfig config =
        new CommonJobConfig(
            jobName,
            KafkaSettings.from(c, jobName),
            registry(c),
            RedisSettings.from(c),
            TopicNames.from(c),
            RuntimeSettings.from(c, defaultBackend, defaultBufferTimeout));
    config.checkOutageFitsTheTimeouts();
    return config;
  }

  /**
   * A Redis writer blocks its task for up to {@code redis.outage-tolerance}. Meanwhile a checkpoint
   * cannot complete and the Kafka transaction opened after the last one stays open: the outage must
   * end (or fail the task) before the checkpoint expires and before the broker aborts that
   * transaction, or a tolerated outage would turn into a failed checkpoint or lost output.
   */
  void checkOutageFitsTheTimeouts() {
    Duration tolerance = redis.outageTolerance();
    if (tolerance.compareTo(runtime.checkpointTimeout()) >= 0) {
      throw ConfigValues.invalid(
          "redis.outage-tolerance",
          tolerance.toString(),
          "a duration below job.checkpoint-timeout (" + runtime.checkpointTimeout() + ")");
    }
    Duration transactionOpen = tolerance.plus(runtime.checkpointInterval());
    if (transactionOpen.compareTo(kafka.transactionTimeout()) >= 0) {
      throw ConfigValues.invalid(
          "redis.outage-tolerance",
          tolerance.toString(),
          "a duration that, with job.checkpoint-interval ("
              + runtime.checkpointInterval()
              + "), stays below kafka.transaction-timeout ("
              + kafka.transactionTimeout()
              + ")");
    }
  }

  static RegistryConfig registry(ConfigValues c) {
    String url =
        c.requiredString(
            "registry.url", "the registry's Confluent API base URL, e.g. http://host:8081");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw ConfigValues.invalid("registry.url", url, "an http:// or https:// URL");
    }
    RegistryConfig.Builder b = RegistryConfig.builder(url);
    // Every key is read, also those that only matter beside another, so none counts as unknown.
    String username = c.raw("registry.username");
    String password = c.string("registry.password", "");
    if (username != null) {
      b.basicAuth(username, password);
    }
    String truststore = c.raw("registry.truststore.location");
    String truststorePassword = c.string("registry.truststore.password", null);
    String truststoreType = c.string("registry.truststore.type", "PKCS12");
    if (truststore != null) {
      b.truststore(truststore, truststorePassword, truststoreType);
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
