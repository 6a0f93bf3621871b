package dev.croupier.tools;

import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.fraud.RuleConfigs;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.Decoded;
import dev.croupier.schemas.wire.SchemaRegistration;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code croupier-rules}: the rules file and the live rules topic {@code risk.rules}. {@code push
 * FILE} publishes each rule of a rules file as a {@code RuleConfig} record (key = rule id, wire
 * format, schema registered); the running fraud job accepts or dead-letters each (docs/fraud.md,
 * "Live rules"). {@code export} prints the latest record of each rule on the topic as a rules file.
 * Flink-free: the contracts, the registry client and a Kafka client only.
 */
@Command(
    name = "croupier-rules",
    mixinStandardHelpOptions = true,
    subcommands = {RulesCli.Push.class, RulesCli.Export.class},
    description = "Pushes a rules file to the live rules topic, or exports what it holds.")
public final class RulesCli {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      defaultValue = "http://localhost:8080/apis/ccompat/v7",
      description = "The Confluent-API schema registry (default: ${DEFAULT-VALUE}).")
  String registryUrl;

  @Option(
      names = "--topic",
      defaultValue = "risk.rules",
      description = "The rules topic (default: ${DEFAULT-VALUE}).")
  String topic;

  final PrintStream out;

  RulesCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RulesCli(System.out)).execute(args));
  }

  Topic<RuleConfig> rulesTopic() {
    return Topics.RULES.named(topic);
  }

  /** {@code push FILE}: one record per rule of the file. */
  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description =
          "Publishes every rule of a rules file to the rules topic (rules the file leaves out keep"
              + " what is live). The job accepts a record whose version moves forward and whose"
              + " thresholds parse, and dead-letters any other with its reason.")
  static final class Push implements Callable<Integer> {
    @ParentCommand RulesCli parent;

    @Parameters(
        paramLabel = "FILE",
        description = "A rules file, e.g. flink-conf/fraud-rules.yaml.")
    Path file;

    @Option(
        names = "--updated-by",
        description = "Who pushes (default: the user name).",
        defaultValue = "${sys:user.name}")
    String updatedBy;

    @Option(names = "--dry-run", description = "Print the records instead of sending them.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      RuleBook book =
          RuleBook.parse(Files.readString(file, StandardCharsets.UTF_8), "'" + file + "'");
      List<RuleConfig> records = new ArrayList<>();
      Instant now = Instant.now();
      for (RuleId id : book.ids()) {
        RuleConfig c = book.config(id);
        c.setUpdatedAt(now);
        c.setUpdatedBy(updatedBy == null ? "" : updatedBy);
        records.add(c);
      }
      if (dryRun) {
        records.forEach(r -> parent.out.println(r));
        return 0;
      }
      Topic<RuleConfig> topic = parent.rulesTopic();
      try (SchemaRegistryClient registry =
              SchemaRegistryClient.create(RegistryConfig.of(parent.registryUrl));
          KafkaProducer<byte[], byte[]> producer = producer(parent.bootstrapServers)) {
        AvroWireSerializer<RuleConfig> wire =
            AvroWireSerializer.forTopic(Topics.RULES, registry, SchemaRegistration.REGISTER);
        for (RuleConfig r : records) {
          producer
              .send(new ProducerRecord<>(topic.name(), topic.keyBytesOf(r), wire.serialize(r)))
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          parent.out.printf(
              "pushed %s version %d (%s)%s%n",
              r.getRuleId(),
              r.getVersion(),
              r.getMode().name().toLowerCase(java.util.Locale.ROOT),
              r.getShadow() == null ? "" : ", shadow version " + r.getShadow().getVersion());
        }
      }
      return 0;
    }
  }

  /** {@code export}: the latest record of each rule on the topic, as a rules file. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Prints the latest record of each rule on the rules topic as a rules file (what was"
              + " last pushed; a record the job rejected is on platform.dlq with its reason).")
  static final class Export implements Callable<Integer> {
    @ParentCommand RulesCli parent;

    @Override
    public Integer call() throws Exception {
      Topic<RuleConfig> topic = parent.rulesTopic();
      Map<String, RuleConfig> latest = new TreeMap<>();
      try (SchemaRegistryClient registry =
              SchemaRegistryClient.create(RegistryConfig.of(parent.registryUrl));
          KafkaConsumer<byte[], byte[]> consumer = consumer(parent.bootstrapServers)) {
        AvroWireDecoder<RuleConfig> wire =
            new AvroWireDecoder<>(Topics.RULES, registry, "croupier-rules");
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic.name(), TIMEOUT)) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!caughtUp(consumer, end)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "could not read " + topic.name() + " to its end within " + TIMEOUT);
          }
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
              latest.remove(key); // a tombstone
              continue;
            }
            Decoded<RuleConfig> d =
                wire.decode(
                    r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
            if (d.isRecord()) {
              latest.put(d.record().getRuleId(), d.record());
            } else {
              System.err.printf(
                  "skipped %s-%d@%d: %s%n",
                  r.topic(), r.partition(), r.offset(), d.deadLetter().getDetail());
            }
          }
        }
      }
      parent.out.print(RuleConfigs.toYaml(List.copyOf(latest.values())));
      return 0;
    }

    private static boolean caughtUp(
        KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
          return false;
        }
      }
      return true;
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
