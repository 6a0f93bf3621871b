package dev.croupier.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: KRaft, one combined broker + controller node, on loopback with a
 * free port. Internal topics are sized for one broker so transactions (exactly-once sinks) work.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

  private final KafkaClusterTestKit cluster;
  private final Admin admin;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    this.admin = Admin.create(p);
  }

  /** Starts a broker; returns once it accepts clients (about 2–3 s). */
  public static KafkaBroker start() {
    long t0 = System.nanoTime();
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .build();
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(nodes)
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "2")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.state.log.num.partitions", "2")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .setConfigProp("num.partitions", "2")
              .setConfigProp("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE))
              .build();
      formatLoggingItsOutput(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      KafkaBroker broker = new KafkaBroker(cluster);
      LOG.info(
          "Kafka broker ready at {} in {} ms",
          cluster.bootstrapServers(),
          (System.nanoTime() - t0) / 1_000_000);
      return broker;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not start the in-process Kafka broker: " + e.getMessage(), e);
    }
  }

  /**
   * Formats the node's storage. Kafka's formatter prints "Formatting metadata directory …" and
   * "Bootstrap metadata: …" to {@code System.out}; those lines go to this class's log instead, so a
   * console that belongs to someone else (the local platform's live view) stays clean.
   */
  private static void formatLoggingItsOutput(KafkaClusterTestKit cluster) throws Exception {
    synchronized (System.class) {
      PrintStream console = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        cluster.format();
      } finally {
        System.setOut(console);
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.isBlank())
            .forEach(line -> LOG.info("Kafka storage: {}", line));
      }
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    return admin;
  }

  /** Creates topics (if absent) with {@code partitions} partitions each. */
  public void createTopics(int partitions, String... topics) {
    createTopics(partitions, Map.of(), List.of(topics));
  }

  /** Creates topics (if absent) with the given topic configs, e.g. cleanup.policy=compact. */
  public void createTopics(int partitions, Map<String, String> configs, Collection<String> topics) {
    List<NewTopic> toCreate = new ArrayList<>();
    for (String t : topics) {
      toCreate.add(new NewTopic(t, partitions, (short) 1).configs(configs));
    }
    try {
      admin.createTopics(toCreate).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Could not create topics " + topics, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deletes topics if present, e.g. between tests that share the broker. */
  public void deleteTopics(String... topics) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<String> present = new ArrayList<>();
      for (String t : topics) {
        if (existing.contains(t)) {
          present.add(t);
        }
      }
      admin.deleteTopics(present).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("Could not delete topics", e);
    }
  }

  /** Producer properties for this broker (byte[] key and value), idempotent. */
  public Properties producerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return p;
  }

  public KafkaProducer<byte[], byte[]> newProducer() {
    return new KafkaProducer<>(producerProperties());
  }

  /** Consumer properties reading only committed transactions, from the earliest offset. */
  public Properties readCommittedConsumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  /**
   * Reads every committed record of {@code topic} from the beginning until the end offsets seen at
   * the start are reached, or {@code timeout} passes.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAllCommitted(String topic, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(readCommittedConsumerProperties())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(pi -> new org.apache.kafka.common.TopicPartition(topic, pi.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end =
          new HashMap<>(consumer.endOffsets(partitions));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && !reached(consumer, end)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<org.apache.kafka.common.TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warn("Kafka broker did not close cleanly", e);
    }
  }
}
