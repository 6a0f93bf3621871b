package dev.croupier.jobs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the job's committed outputs (isolation.level=read_committed) incrementally while the job
 * runs: every BalanceUpdated per player in topic order, and every DeadLetter. Values are decoded
 * independently of the job's serdes: skip the 5-byte wire header, read with the generated schema.
 */
final class CommittedOutputs implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String balancesTopic;
  private final SpecificDatumReader<BalanceUpdated> balanceReader =
      new SpecificDatumReader<>(BalanceUpdated.class);
  private final SpecificDatumReader<DeadLetter> deadLetterReader =
      new SpecificDatumReader<>(DeadLetter.class);
  final Map<String, List<BalanceUpdated>> updatesByPlayer = new HashMap<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();

  CommittedOutputs(KafkaBroker kafka, String balancesTopic, String dlqTopic) {
    this.consumer = new KafkaConsumer<>(kafka.readCommittedConsumerProperties());
    this.balancesTopic = balancesTopic;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String t : List.of(balancesTopic, dlqTopic)) {
      partitions.addAll(partitionsOf(t));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
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

  /** Polls until {@code done} holds or {@code timeout} passes; returns whether it holds. */
  boolean pollUntil(BooleanSupplier done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
        if (r.topic().equals(balancesTopic)) {
          BalanceUpdated u = decode(r.value(), balanceReader);
          updatesByPlayer
              .computeIfAbsent(
                  new String(r.key(), java.nio.charset.StandardCharsets.UTF_8),
                  k -> new ArrayList<>())
              .add(u);
        } else {
          deadLetters.add(decode(r.value(), deadLetterReader));
        }
      }
      if (done.getAsBoolean()) {
        return true;
      }
    }
    return done.getAsBoolean();
  }

  BalanceUpdated last(String user) {
    List<BalanceUpdated> u = updatesByPlayer.get(user);
    return u == null ? null : u.get(u.size() - 1);
  }

  private <T> T decode(byte[] wire, SpecificDatumReader<T> reader) {
    if (wire[0] != 0) {
      throw new IllegalStateException("not the Confluent wire format: magic byte " + wire[0]);
    }
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
