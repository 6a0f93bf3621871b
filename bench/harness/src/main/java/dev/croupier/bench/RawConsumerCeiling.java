package dev.croupier.bench;

import dev.croupier.bench.report.Throughput;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The raw read ceiling: one plain {@link KafkaConsumer} thread in the bench process reading every
 * partition of the input topics from the beginning to the backlog's end, bytes only (no decoding,
 * no Flink), as fast as the broker serves it.
 */
final class RawConsumerCeiling {
  static final String WHAT = "raw KafkaConsumer (bytes only, 1 thread)";

  private RawConsumerCeiling() {}

  static Throughput run(String bootstrap, Map<TopicPartition, Long> ends, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(32 << 20));
    long expected = ends.values().stream().mapToLong(Long::longValue).sum();
    long read = 0;
    long start = System.nanoTime();
    MiddleOfBacklog middle = new MiddleOfBacklog(expected);
    middle.add(start, 0);
    long deadline = start + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(ends.keySet());
      c.seekToBeginning(ends.keySet());
      Map<TopicPartition, Long> left = new HashMap<>(ends);
      left.values().removeIf(v -> v == 0);
      while (!left.isEmpty() && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        read += records.count();
        middle.add(System.nanoTime(), read);
        for (TopicPartition tp : records.partitions()) {
          var list = records.records(tp);
          if (list.get(list.size() - 1).offset() + 1 >= ends.get(tp)) {
            left.remove(tp);
          }
        }
      }
      boolean done = left.isEmpty();
      return new Throughput(
          WHAT,
          "–",
          expected,
          read,
          Duration.ofNanos(System.nanoTime() - start),
          done,
          null,
          middle.rate().orElse(null));
    }
  }
}
