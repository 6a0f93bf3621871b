package dev.croupier.jobs.leaderboard;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireDecoder;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.flink.FailOnceAfterCheckpoint;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.kafka.WireDeserializationSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

/**
 * One run of the real LeaderboardJob pipeline in the MiniCluster over its own topics and Redis
 * prefix, in two phases so that which events are late is certain: the on-time data is produced and
 * read first; once the job's watermark has closed every window the late events belong to (read from
 * its own metrics) and two more checkpoints have completed (so a restore also starts from there),
 * the late events are produced. The sources are bounded at the offsets of both phases, so the job
 * ends by itself and its final watermark closes every window.
 */
final class LeaderboardRun {
  static final int PARTITIONS = 2;
  static final int PARALLELISM = 2;

  final String name;
  final String keyPrefix;
  final LeaderboardJobConfig config;
  private final KafkaBroker kafka;
  private final RegistryConfig registry;
  private final RedisServer redis;

  LeaderboardRun(
      String name,
      KafkaBroker kafka,
      ApicurioRegistry apicurio,
      RedisServer redis,
      Map<String, String> leaderboardKeys) {
    this.name = name;
    this.keyPrefix = name + ":";
    this.kafka = kafka;
    this.registry = RegistryConfig.of(apicurio.confluentApiUrl());
    this.redis = redis;
    Map<String, String> keys =
        new TreeMap<>(
            Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                name,
                "registry.url",
                apicurio.confluentApiUrl(),
                "redis.host",
                redis.host(),
                "redis.port",
                String.valueOf(redis.port()),
                "redis.key-prefix",
                keyPrefix,
                "topics.bets",
                name + ".bets",
                "topics.rounds",
                name + ".rounds",
                "topics.dlq",
                name + ".dlq"));
    keys.putAll(
        Map.of(
            "job.parallelism",
            String.valueOf(PARALLELISM),
            "job.checkpoint-interval",
            "500ms",
            "job.restart-attempts",
            "2",
            "job.restart-delay",
            "200ms"));
    keys.putAll(leaderboardKeys);
    this.config = LeaderboardJobConfig.from(ConfigValues.of(keys));
    kafka.createTopics(
        PARTITIONS,
        topic(Topics.BETS).name(),
        topic(Topics.ROUNDS).name(),
        topic(Topics.DLQ).name());
  }

  <T extends SpecificRecordBase> Topic<T> topic(Topic<T> topic) {
    return config.common().topics().resolve(topic);
  }

  /**
   * Produces bets and settlements through the registry, keyed by player (partition = Kafka's
   * default for the key).
   */
  void produce(List<BetPlaced> bets, List<BetSettled> settlements) {
    try (SchemaRegistryClient client = SchemaRegistryClient.create(registry);
        KafkaProducer<byte[], byte[]> producer = kafka.newProducer()) {
      send(
          producer,
          AvroWireSerializer.forTopic(topic(Topics.BETS), client, SchemaRegistration.REGISTER),
          topic(Topics.BETS).name(),
          bets,
          BetPlaced::getUserId);
      send(
          producer,
          AvroWireSerializer.forTopic(topic(Topics.ROUNDS), client, SchemaRegistration.REGISTER),
          topic(Topics.ROUNDS).name(),
          settlements,
          BetSettled::getUserId);
      producer.flush();
    }
  }

  private <T> void send(
      KafkaProducer<byte[], byte[]> producer,
      AvroWireSerializer<T> wire,
      String topic,
      List<T> records,
      Function<T, String> key) {
    for (T r : records) {
      byte[] k = key.apply(r).getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(topic, partitionOf(k), k, wire.serialize(r)));
    }
  }

  private static int partitionOf(byte[] key) {
    return Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
  }

  /** Per topic, the end offset of each partition once all of {@code data} is produced. */
  Map<String, long[]> endOffsets(SimulatedBetting data) {
    long[] bets = new long[PARTITIONS];
    long[] rounds = new long[PARTITIONS];
    for (List<BetPlaced> list : List.of(data.bets(), data.lateBets())) {
      list.forEach(b -> bets[partitionOf(b.getUserId().getBytes(StandardCharsets.UTF_8))]++);
    }
    for (List<BetSettled> list : List.of(data.settlements(), data.lateSettlements())) {
      list.forEach(s -> rounds[partitionOf(s.getUserId().getBytes(StandardCharsets.UTF_8))]++);
    }
    return Map.of(topic(Topics.BETS).name(), bets, topic(Topics.ROUNDS).name(), rounds);
  }

  /**
   * Starts the job, reading each partition up to {@code endOffsets} (records it will hold once both
   * phases are produced: the producer is idempotent, not transactional, so offsets are contiguous).
   */
  JobClient start(Map<String, long[]> endOffsets, long failAfterBets) throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(config.common().runtime());
    LeaderboardJob.Inputs inputs =
        LeaderboardJob.sources(
            env, bounded(Topics.BETS, endOffsets), bounded(Topics.ROUNDS, endOffsets), config);
    if (failAfterBets > 0) {
      inputs =
          new LeaderboardJob.Inputs(
              inputs
                  .bets()
                  .map(new FailOnceAfterCheckpoint<>(failAfterBets))
                  .returns(inputs.bets().getType())
                  .uid("fault-injector")
                  .name("fault injector"),
              inputs.rounds());
    }
    LeaderboardJob.sinkTo(
        LeaderboardJob.build(inputs, config),
        LeaderboardJob.redisSink(config),
        KafkaIo.deadLetterSink(config.common(), name + "-dlq"));
    return env.executeAsync(name);
  }

  /**
   * Like KafkaIo.boundedSource, but always from the earliest offset and committing nothing: the
   * lateness phases depend on exactly which records each run reads, whatever offsets a group left
   * on the shared broker (with KafkaIo's committed-offsets start, the restore run stalled when the
   * whole jobs suite ran).
   */
  private <T extends SpecificRecordBase> KafkaSource<Either<DeadLetter, T>> bounded(
      Topic<T> contract, Map<String, long[]> endOffsets) {
    Topic<T> topic = topic(contract);
    Map<TopicPartition, Long> stops = new HashMap<>();
    long[] ends = endOffsets.get(topic.name());
    for (int p = 0; p < PARTITIONS; p++) {
      stops.put(new TopicPartition(topic.name(), p), ends[p]);
    }
    return KafkaSource.<Either<DeadLetter, T>>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(topic.name())
        .setGroupId(name)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.offsets(stops))
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(
            new WireDeserializationSchema<>(topic, registry, config.common().jobName()))
        .build();
  }

  /**
   * Waits until the job's watermark has closed every window up to {@code closedUpTo} and two
   * checkpoints followed.
   */
  void awaitClosed(JobProbe probe, long closedUpTo, Duration timeout) throws InterruptedException {
    while (true) {
      long restarts = probe.restarts();
      JobProbe.await(
          "the watermark to pass " + closedUpTo,
          timeout,
          () -> probe.inputWatermark("leaderboards", PARALLELISM) >= closedUpTo);
      long checkpoints = probe.completedCheckpoints();
      JobProbe.await(
          "two more checkpoints", timeout, () -> probe.completedCheckpoints() >= checkpoints + 2);
      if (probe.restarts() == restarts) {
        return; // no restore in between: the latest checkpoint has those windows closed
      }
    }
  }

  /** Every board under this run's prefix: key → (member, score) in ZREVRANGE order. */
  Map<String, List<Tuple>> boards() {
    Map<String, List<Tuple>> out = new TreeMap<>();
    try (RedisClient client = redis.newClient()) {
      for (String key : client.keys(keyPrefix + "lb:*")) {
        out.put(key, client.zrevrangeWithScores(key, 0, -1));
      }
    }
    return out;
  }

  long ttlSeconds(String key) {
    try (RedisClient client = redis.newClient()) {
      return client.ttl(key);
    }
  }

  /** The dead letters committed to this run's DLQ topic. */
  List<DeadLetter> deadLetters() {
    List<DeadLetter> out = new ArrayList<>();
    try (SchemaRegistryClient client = SchemaRegistryClient.create(registry)) {
      AvroWireDecoder<DeadLetter> decoder =
          new AvroWireDecoder<>(topic(Topics.DLQ), client, "test");
      for (ConsumerRecord<byte[], byte[]> r :
          kafka.readAllCommitted(topic(Topics.DLQ).name(), Duration.ofSeconds(30))) {
        out.add(
            decoder.decode(r.topic(), r.partition(), r.offset(), r.key(), r.value(), -1).record());
      }
    }
    return out;
  }

  static InMemoryReporter reporter() {
    return InMemoryReporter.createWithRetainedMetrics();
  }
}
