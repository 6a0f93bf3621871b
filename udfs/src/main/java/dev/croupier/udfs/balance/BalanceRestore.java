package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.RestSchemaRegistryClient;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.Decoded;
import dev.croupier.udfs.config.KafkaSettings;
import dev.croupier.udfs.config.RedisSettings;
import dev.croupier.udfs.redis.RedisBatchWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the Redis balance hashes from the compacted {@code platform.balances} changelog: reads
 * every committed {@code BalanceUpdated} (read_committed, from the beginning to the end offsets
 * seen at start) and writes each player's newest through the same Lua compare-and-set on {@code
 * seq} as the job. A hash that is already as new or newer is left alone, so the restore never moves
 * a balance back and may run while the balance job writes. Memory stays bounded: records stream
 * through in batches of {@code redis.batch-size}, coalesced per player.
 */
public final class BalanceRestore {
  private static final Logger LOG = LoggerFactory.getLogger(BalanceRestore.class);
  private static final Duration POLL = Duration.ofMillis(500);

  /**
   * What a restore did.
   *
   * @param recordsRead committed changelog records read
   * @param hashesWritten balance hashes written (newer than what Redis held, or missing there)
   * @param alreadyCurrent updates Redis already held as new or newer (left alone)
   * @param undecodable records that could not be decoded (logged, skipped)
   */
  public record Result(
      long recordsRead, long hashesWritten, long alreadyCurrent, long undecodable) {}

  private BalanceRestore() {}

  /** Restores every player's balance hash from {@code topic} into Redis. */
  public static Result run(
      KafkaSettings kafka, RegistryConfig registry, String topic, RedisSettings redis)
      throws InterruptedException {
    BalanceHashWrites writes = new BalanceHashWrites(redis.keyPrefix());
    long read = 0;
    long written = 0;
    long current = 0;
    long undecodable = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(kafka));
        RestSchemaRegistryClient registryClient = new RestSchemaRegistryClient(registry);
        RedisBatchWriter<BalanceUpdated> writer =
            new RedisBatchWriter<>(redis, writes, RedisBatchWriter.Listener.NONE)) {
      AvroWireDecoder<BalanceUpdated> decoder =
          new AvroWireDecoder<>(Topics.BALANCES, registryClient, "balance-restore");
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      if (partitions.isEmpty()) {
        throw new IllegalStateException(
            "Topic '" + topic + "' does not exist or has no partitions");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      LOG.info("Restoring balance hashes from {} up to offsets {}", topic, end);
      Map<String, BalanceUpdated> batch = new LinkedHashMap<>();
      while (!reachedEnd(consumer, end)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          read++;
          if (r.value() == null) {
            continue; // a tombstone: nothing to restore
          }
          Decoded<BalanceUpdated> d =
              decoder.decode(
                  r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
          if (!d.isRecord()) {
            undecodable++;
            LOG.warn(
                "Skipping {}-{}@{}: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                d.deadLetter().getDetail());
            continue;
          }
          BalanceUpdated u = d.record();
          batch.merge(u.getUserId(), u, (a, b) -> a.getSeq() >= b.getSeq() ? a : b);
          if (batch.size() >= redis.batchSize()) {
            long n = send(writer, batch);
            written += n;
            current += batch.size() - n;
            batch.clear();
          }
        }
      }
      long n = send(writer, batch);
      written += n;
      current += batch.size() - n;
    }
    Result result = new Result(read, written, current, undecodable);
    LOG.info("Balance restore done: {}", result);
    return result;
  }

  /** Writes the batch; returns how many hashes the compare-and-set changed. */
  private static long send(RedisBatchWriter<BalanceUpdated> writer, Map<String, BalanceUpdated> b)
      throws InterruptedException {
    if (b.isEmpty()) {
      return 0;
    }
    return writer.write(new ArrayList<>(b.values())).stream()
        .filter(reply -> Long.valueOf(1L).equals(reply))
        .count();
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Properties consumerProperties(KafkaSettings kafka) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Only what the job committed: an aborted transaction's updates were never the truth.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "croupier-balance-restore");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return p;
  }
}
