package dev.croupier.udfs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a job reaches Kafka. {@code kafka.properties.*} are passed through to every client, which is
 * how SASL and TLS are configured (e.g. {@code kafka.properties.security.protocol=SASL_SSL}).
 */
public final class KafkaSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a job with no committed offsets starts reading. */
  public enum StartingOffsets {
    EARLIEST,
    LATEST
  }

  private final String bootstrapServers;
  private final String groupId;
  private final StartingOffsets startingOffsets;
  private final Duration transactionTimeout;
  private final TreeMap<String, String> clientProperties;

  KafkaSettings(
      String bootstrapServers,
      String groupId,
      StartingOffsets startingOffsets,
      Duration transactionTimeout,
      Map<String, String> clientProperties) {
    this.bootstrapServers = bootstrapServers;
    this.groupId = groupId;
    this.startingOffsets = startingOffsets;
    this.transactionTimeout = transactionTimeout;
    this.clientProperties = new TreeMap<>(clientProperties);
  }

  static KafkaSettings from(ConfigValues c, String jobName) {
    String bootstrap = c.requiredString("kafka.bootstrap-servers", "host:port[,host:port...]");
    for (String hp : bootstrap.split(",")) {
      int colon = hp.trim().lastIndexOf(':');
      if (colon <= 0 || colon == hp.trim().length() - 1) {
        throw ConfigValues.invalid(
            "kafka.bootstrap-servers", bootstrap, "host:port[,host:port...]");
      }
    }
    Duration txTimeout = c.duration("kafka.transaction-timeout", Duration.ofMinutes(10));
    // The broker refuses transactions longer than transaction.max.timeout.ms (15 min by default).
    if (txTimeout.compareTo(Duration.ofMinutes(15)) > 0 || txTimeout.toMillis() < 1000) {
      throw ConfigValues.invalid(
          "kafka.transaction-timeout",
          txTimeout.toString(),
          "a duration between 1s and 15m (the broker's transaction.max.timeout.ms)");
    }
    return new KafkaSettings(
        bootstrap,
        c.string("kafka.group-id", "croupier-" + jobName),
        c.enumValue("kafka.starting-offsets", StartingOffsets.EARLIEST),
        txTimeout,
        c.withPrefix("kafka.properties."));
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String groupId() {
    return groupId;
  }

  public StartingOffsets startingOffsets() {
    return startingOffsets;
  }

  public Duration transactionTimeout() {
    return transactionTimeout;
  }

  /** The pass-through client properties (security settings and tuning), a fresh copy. */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(clientProperties);
    return p;
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    clientProperties.forEach((k, v) -> shown.put(k, ConfigValues.isSecret(k) ? "<redacted>" : v));
    return "KafkaSettings{bootstrap="
        + bootstrapServers
        + ", groupId="
        + groupId
        + ", start="
        + startingOffsets
        + ", txTimeout="
        + transactionTimeout
        + ", properties="
        + shown
        + "}";
  }
}
