package dev.croupier.jobs.common;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows what a running job commits (isolation.level=read_committed), topic by topic in order.
 * Values are decoded independently of the job's serdes: skip the 5-byte wire header, read with the
 * generated schema.
 */
public final class CommittedRecords implements AutoCloseable {
  private static final Map<Class<?>, SpecificDatumReader<?>> READERS = new ConcurrentHashMap<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Topic<?>> contracts;
  private final Map<Topic<?>, List<Object>> records = new HashMap<>();

  CommittedRecords(KafkaBroker kafka, Map<String, Topic<?>> contractsByName) {
    this.consumer = new KafkaConsumer<>(kafka.readCommittedConsumerProperties());
    this.contracts = contractsByName;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String t : contractsByName.keySet()) {
      partitions.addAll(partitionsOf(t));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until {@code done} holds or {@code timeout} passes; returns whether it holds. */
  public boolean pollUntil(BooleanSupplier done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
        Topic<?> contract = contracts.get(r.topic());
        records
            .computeIfAbsent(contract, c -> new ArrayList<>())
            .add(decode(r.value(), contract.recordClass()));
      }
      if (done.getAsBoolean()) {
        return true;
      }
    }
    return done.getAsBoolean();
  }

  /** The records of {@code topic} read so far, in topic order per partition. */
  @SuppressWarnings("unchecked")
  public <T extends SpecificRecordBase> List<T> of(Topic<T> topic) {
    return (List<T>) (List<?>) records.getOrDefault(topic, List.of());
  }

  /** The generated record in a Confluent wire-format value, read without the registry. */
  @SuppressWarnings("unchecked")
  static <T> T decode(byte[] wire, Class<T> type) {
    if (wire[0] != 0) {
      throw new IllegalStateException("not the Confluent wire format: magic byte " + wire[0]);
    }
    SpecificDatumReader<T> reader =
        (SpecificDatumReader<T>) READERS.computeIfAbsent(type, SpecificDatumReader::new);
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The partitions of a just-created topic, once the broker's metadata names them. */
  private List<TopicPartition> partitionsOf(String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (!infos.isEmpty() || System.nanoTime() > deadline) {
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
