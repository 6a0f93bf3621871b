package dev.croupier.drills.verify;

import dev.croupier.drills.verify.Expectations.DeadLetterKey;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.Decoded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the exactly-once sinks committed, read as a risk team reads it ({@code read_committed},
 * decoded through the registry): the alerts, the balance changelog (kept as the last update per
 * player, with every duplicate or missing seq noted) and the dead letters.
 */
public final class CommittedOutputs {
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  /** The changelog as a consumer of the compacted topic sees it, with its anomalies. */
  public record Changelog(
      Map<String, BalanceUpdated> last, long records, List<String> duplicates, List<String> gaps) {}

  /**
   * A dead letter, identified as {@link Expectations} identifies broken records; {@code at} is its
   * source position ({@code topic/partition@offset}), null when the job did not know it.
   */
  public record SeenDeadLetter(DeadLetterKey key, String at, String reason) {}

  private final List<FraudAlert> alerts = new ArrayList<>();
  private final List<SeenDeadLetter> deadLetters = new ArrayList<>();
  private final Map<String, BalanceUpdated> lastBalance = new HashMap<>();
  private final List<String> duplicates = new ArrayList<>();
  private final List<String> gaps = new ArrayList<>();
  private long changelogRecords;

  private CommittedOutputs() {}

  /** Reads everything committed to risk.alerts, platform.balances and platform.dlq. */
  public static CommittedOutputs read(String bootstrap, String registryUrl) {
    CommittedOutputs out = new CommittedOutputs();
    try (SchemaRegistryClient registry =
        SchemaRegistryClient.create(RegistryConfig.of(registryUrl))) {
      out.readTopic(bootstrap, Topics.ALERTS, registry, a -> out.alerts.add(a));
      out.readTopic(bootstrap, Topics.BALANCES, registry, out::changelog);
      AvroWireDecoder<DeadLetter> dlq =
          new AvroWireDecoder<>(Topics.DLQ, registry, "croupier-drills");
      readRaw(bootstrap, Topics.DLQ.name(), r -> out.deadLetter(decode(dlq, r)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the committed outputs: " + e.getMessage(), e);
    }
    return out;
  }

  /** A committed alert and where it is in risk.alerts. */
  public record PositionedAlert(int partition, long offset, FraudAlert alert) {}

  /** Every committed alert with its position. */
  public static List<PositionedAlert> positionedAlerts(String bootstrap, String registryUrl) {
    List<PositionedAlert> out = new ArrayList<>();
    try (SchemaRegistryClient registry =
        SchemaRegistryClient.create(RegistryConfig.of(registryUrl))) {
      AvroWireDecoder<FraudAlert> decoder =
          new AvroWireDecoder<>(Topics.ALERTS, registry, "croupier-drills");
      readRaw(
          bootstrap,
          Topics.ALERTS.name(),
          r -> out.add(new PositionedAlert(r.partition(), r.offset(), decode(decoder, r))));
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read " + Topics.ALERTS.name() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Where the committed part of {@code topic} ends now, per partition. */
  public static Map<Integer, Long> committedEnd(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(bootstrap))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<Integer, Long> out = new HashMap<>();
      consumer.endOffsets(partitions).forEach((tp, o) -> out.put(tp.partition(), o));
      return out;
    }
  }

  public List<FraudAlert> alerts() {
    return alerts;
  }

  public Changelog changelog() {
    return new Changelog(lastBalance, changelogRecords, duplicates, gaps);
  }

  public List<SeenDeadLetter> deadLetters() {
    return deadLetters;
  }

  private void changelog(BalanceUpdated u) {
    changelogRecords++;
    BalanceUpdated previous = lastBalance.put(u.getUserId(), u);
    long before = previous == null ? 0 : previous.getSeq();
    if (u.getSeq() <= before) {
      duplicates.add(u.getUserId() + " seq " + u.getSeq() + " after seq " + before);
      lastBalance.put(u.getUserId(), previous);
    } else if (u.getSeq() != before + 1) {
      gaps.add(u.getUserId() + " seq " + u.getSeq() + " after seq " + before);
    }
  }

  private void deadLetter(DeadLetter d) {
    String record = d.getValue() == null ? "null" : identity(d.getValue());
    deadLetters.add(
        new SeenDeadLetter(
            new DeadLetterKey(d.getJob(), d.getSourceTopic(), record),
            d.getOffset() < 0
                ? null
                : d.getSourceTopic() + "/" + d.getPartition() + "@" + d.getOffset(),
            d.getReason()));
  }

  /**
   * A dead letter's record, identified by its eventId when it is Avro with a header: every input
   * schema starts with the string eventId, so it is the first datum after the header whatever the
   * writer schema. Anything else is identified by its bytes.
   */
  static String identity(ByteBuffer value) {
    byte[] bytes = new byte[value.remaining()];
    value.duplicate().get(bytes);
    // The wire format has a 5-byte header; Avro's single-object encoding (C3 01, 8-byte
    // fingerprint)
    // a 10-byte one: some dead letters carry the decoded record re-encoded that way.
    int header =
        bytes.length > 5 && bytes[0] == 0
            ? 5
            : bytes.length > 10 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01 ? 10 : -1;
    if (header > 0) {
      try {
        String eventId =
            DecoderFactory.get()
                .binaryDecoder(bytes, header, bytes.length - header, null)
                .readString();
        if (!eventId.isEmpty() && eventId.length() < 200) {
          return "event " + eventId;
        }
      } catch (IOException | RuntimeException notAnEvent) {
        // falls through to the raw bytes
      }
    }
    return Expectations.raw(bytes);
  }

  private <T extends SpecificRecordBase> void readTopic(
      String bootstrap, Topic<T> topic, SchemaRegistryClient registry, Consumer<T> sink) {
    AvroWireDecoder<T> decoder = new AvroWireDecoder<>(topic, registry, "croupier-drills");
    readRaw(bootstrap, topic.name(), r -> sink.accept(decode(decoder, r)));
  }

  private static <T extends SpecificRecordBase> T decode(
      AvroWireDecoder<T> decoder, ConsumerRecord<byte[], byte[]> r) {
    Decoded<T> d =
        decoder.decode(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
    if (!d.isRecord()) {
      throw new IllegalStateException(
          "undecodable record at "
              + r.topic()
              + "/"
              + r.partition()
              + "@"
              + r.offset()
              + ": "
              + d.deadLetter().getDetail());
    }
    return d.record();
  }

  private static Map<String, Object> readCommitted(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return config;
  }

  /** Every committed record of {@code topic}, up to the end offsets seen at the start. */
  static void readRaw(
      String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      Set<TopicPartition> open = new HashSet<>(partitions);
      while (!open.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " did not reach its end in " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          sink.accept(r);
        }
        open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
      }
    }
  }
}
