package dev.croupier.platform;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.Decoded;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what the jobs publish, as a risk team would: risk.alerts, risk.alerts.shadow (alerts of
 * rule versions in SHADOW mode, counted apart) and platform.dlq read with {@code read_committed}
 * (so only what the exactly-once sinks committed) in a thread of its own, decoded through the
 * registry. Keeps every alert's (rule, player) for scoring, the latest alerts and counts per rule
 * and per dead-letter reason.
 */
final class OutputFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFeed.class);
  private static final int LATEST = 5;

  /** What has been read so far. */
  record Snapshot(
      List<DetectionScore.Alert> alerts,
      List<FraudAlert> latest,
      Map<String, Long> alertsPerRule,
      Map<String, Long> shadowAlertsPerRule,
      Map<String, Long> deadLettersPerReason,
      long deadLetters) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final SchemaRegistryClient registry;
  private final AvroWireDecoder<FraudAlert> alerts;
  private final AvroWireDecoder<FraudAlert> shadowAlerts;
  private final AvroWireDecoder<DeadLetter> deadLetters;
  private final Thread thread;
  private final List<DetectionScore.Alert> alertRefs = new ArrayList<>();
  private final Deque<FraudAlert> latest = new ArrayDeque<>();
  private final Map<String, Long> perRule = new TreeMap<>();
  private final Map<String, Long> shadowPerRule = new TreeMap<>();
  private final Map<String, Long> perReason = new TreeMap<>();
  private long deadLetterCount;
  private volatile boolean closed;

  OutputFeed(String bootstrap, String registryUrl) {
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "croupier-local-console-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
    this.registry = SchemaRegistryClient.create(RegistryConfig.of(registryUrl));
    this.alerts = new AvroWireDecoder<>(Topics.ALERTS, registry, "croupier-local");
    this.shadowAlerts = new AvroWireDecoder<>(Topics.SHADOW_ALERTS, registry, "croupier-local");
    this.deadLetters = new AvroWireDecoder<>(Topics.DLQ, registry, "croupier-local");
    this.thread = new Thread(this::poll, "output-feed");
    this.thread.setDaemon(true);
  }

  OutputFeed start() {
    consumer.subscribe(
        List.of(Topics.ALERTS.name(), Topics.SHADOW_ALERTS.name(), Topics.DLQ.name()));
    thread.start();
    return this;
  }

  private void poll() {
    try {
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
          accept(r);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("Output feed stopped", e);
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> r) {
    boolean isShadow = r.topic().equals(Topics.SHADOW_ALERTS.name());
    AvroWireDecoder<?> decoder =
        r.topic().equals(Topics.ALERTS.name()) ? alerts : isShadow ? shadowAlerts : deadLetters;
    Decoded<?> d =
        decoder.decode(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
    if (!d.isRecord()) {
      LOG.warn("Undecodable record on {}: {}", r.topic(), d.deadLetter().getDetail());
      return;
    }
    synchronized (this) {
      if (isShadow && d.record() instanceof FraudAlert a) {
        shadowPerRule.merge(a.getRuleId(), 1L, Long::sum);
      } else if (d.record() instanceof FraudAlert a) {
        alertRefs.add(new DetectionScore.Alert(a.getRuleId(), a.getUserId()));
        perRule.merge(a.getRuleId(), 1L, Long::sum);
        latest.addFirst(a);
        if (latest.size() > LATEST) {
          latest.removeLast();
        }
      } else if (d.record() instanceof DeadLetter dl) {
        perReason.merge(dl.getJob() + "/" + dl.getReason(), 1L, Long::sum);
        deadLetterCount++;
      }
    }
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(
        List.copyOf(alertRefs),
        List.copyOf(latest),
        new TreeMap<>(perRule),
        new TreeMap<>(shadowPerRule),
        new TreeMap<>(perReason),
        deadLetterCount);
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
    try {
      registry.close();
    } catch (Exception e) {
      LOG.warn("Registry client did not close cleanly", e);
    }
  }
}
