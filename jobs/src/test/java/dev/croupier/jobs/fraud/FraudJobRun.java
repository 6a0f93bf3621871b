package dev.croupier.jobs.fraud;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.jobs.fraud.FraudTraffic.Input;
import dev.croupier.jobs.fraud.FraudTraffic.Produced;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.flink.FailOnceAfterCheckpoint;
import dev.croupier.udfs.config.ConfigValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * One run of the fraud job for the IT, isolated by its own topics, transactional ids and Redis key
 * prefix: produces the traffic through the real registry, runs the same pipeline as {@code main}
 * over bounded sources (so the run ends when the input does) and reads what it committed.
 */
final class FraudJobRun {
  /** Attempts of the fail-once operator that were restarts: proves the failure happened. */
  static final AtomicInteger RESTARTED_ATTEMPTS = new AtomicInteger();

  private final KafkaBroker kafka;
  private final RedisServer redis;
  private final String name;
  private final FraudJobConfig config;
  private final Map<Input, String> inputTopics = new EnumMap<>(Input.class);
  private final String alertsTopic;
  private final String dlqTopic;

  FraudJobRun(String name, KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) {
    this.kafka = kafka;
    this.redis = redis;
    this.name = name;
    for (Input i : Input.values()) {
      inputTopics.put(i, "it-fraud-" + name + "." + i.name().toLowerCase());
    }
    alertsTopic = "it-fraud-" + name + ".alerts";
    dlqTopic = "it-fraud-" + name + ".dlq";
    List<String> topics = new ArrayList<>(inputTopics.values());
    topics.add(alertsTopic);
    topics.add(dlqTopic);
    kafka.createTopics(2, Map.of(), topics);
    Map<String, String> v = new HashMap<>();
    v.put("kafka.bootstrap-servers", kafka.bootstrapServers());
    v.put("kafka.group-id", "it-fraud-" + name);
    v.put("registry.url", registry.confluentApiUrl());
    v.put("redis.host", redis.host());
    v.put("redis.port", String.valueOf(redis.port()));
    v.put("redis.key-prefix", keyPrefix());
    v.put("topics.bets", inputTopics.get(Input.BETS));
    v.put("topics.rounds", inputTopics.get(Input.ROUNDS));
    v.put("topics.payments", inputTopics.get(Input.PAYMENTS));
    v.put("topics.accounts", inputTopics.get(Input.ACCOUNTS));
    v.put("topics.alerts", alertsTopic);
    v.put("topics.dlq", dlqTopic);
    v.put("job.parallelism", "2");
    v.put("job.checkpoint-interval", "300ms");
    v.put("job.restart-attempts", "2");
    v.put("job.restart-delay", "200ms");
    v.put("fraud.transactional-id-prefix", "it-fraud-" + name);
    config = FraudJobConfig.from(ConfigValues.of(v));
  }

  String keyPrefix() {
    return "it-fraud-" + name + ":";
  }

  /** Produces the traffic, then {@code badBets} raw values on the bets topic. */
  void produce(FraudTraffic traffic, List<byte[]> badBets) {
    Map<Input, AvroWireSerializer<SpecificRecordBase>> wire = new EnumMap<>(Input.class);
    try (SchemaRegistryClient client = SchemaRegistryClient.create(config.common().registry());
        KafkaProducer<byte[], byte[]> producer = kafka.newProducer()) {
      wire.put(Input.BETS, serializer(Topics.BETS, Input.BETS, client));
      wire.put(Input.ROUNDS, serializer(Topics.ROUNDS, Input.ROUNDS, client));
      wire.put(Input.PAYMENTS, serializer(Topics.PAYMENTS, Input.PAYMENTS, client));
      wire.put(Input.ACCOUNTS, serializer(Topics.ACCOUNTS, Input.ACCOUNTS, client));
      for (Produced p : traffic.records()) {
        producer.send(
            new ProducerRecord<>(
                inputTopics.get(p.input()),
                utf8(p.key()),
                wire.get(p.input()).serialize(p.record())));
      }
      for (byte[] bad : badBets) {
        producer.send(new ProducerRecord<>(inputTopics.get(Input.BETS), utf8("mallory"), bad));
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not produce the traffic", e);
    }
  }

  @SuppressWarnings("unchecked")
  private AvroWireSerializer<SpecificRecordBase> serializer(
      Topic<? extends SpecificRecordBase> topic, Input input, SchemaRegistryClient client) {
    return (AvroWireSerializer<SpecificRecordBase>)
        (AvroWireSerializer<?>)
            AvroWireSerializer.forTopic(
                topic.named(inputTopics.get(input)), client, SchemaRegistration.REGISTER);
  }

  /**
   * Runs the job to the end of the input; with {@code failOnce}, it fails once after a checkpoint.
   */
  void run(boolean failOnce) throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(config.common().runtime());
    FraudInputs in =
        FraudInputs.fromSources(
            env,
            config,
            bounded(Topics.BETS),
            bounded(Topics.ROUNDS),
            bounded(Topics.PAYMENTS),
            bounded(Topics.ACCOUNTS));
    if (failOnce) {
      DataStream<Either<DeadLetter, BetPlaced>> bets = in.bets();
      in =
          new FraudInputs(
              bets.map(new Throttle<>())
                  .returns(bets.getType())
                  .uid("it-throttle")
                  .name("throttle")
                  .map(new FailOnceAfterCheckpoint<Either<DeadLetter, BetPlaced>>(400))
                  .returns(bets.getType())
                  .uid("it-fail-once")
                  .name("fail once"),
              in.rounds(),
              in.payments(),
              in.accounts());
    }
    FraudDetectionJob.build(config, in)
        .sinkTo(
            KafkaIo.exactlyOnceSink(
                config.common(), Topics.ALERTS, config.transactionalIdPrefix() + "-alerts"),
            FraudDetectionJob.redisSink(config),
            KafkaIo.deadLetterSink(config.common(), config.transactionalIdPrefix() + "-dlq"));
    env.execute("fraud-it-" + name);
  }

  private <T extends SpecificRecordBase> KafkaSource<Either<DeadLetter, T>> bounded(
      Topic<T> topic) {
    return KafkaIo.boundedSource(config.common(), topic, OffsetsInitializer.latest());
  }

  List<FraudAlert> committedAlerts() {
    return readCommitted(alertsTopic, FraudAlert.class);
  }

  List<DeadLetter> committedDeadLetters() {
    return readCommitted(dlqTopic, DeadLetter.class);
  }

  /**
   * Decodes independently of the job's serdes: skip the 5-byte wire header, read with the generated
   * schema.
   */
  private <T> List<T> readCommitted(String topic, Class<T> type) {
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : kafka.readAllCommitted(topic, Duration.ofSeconds(30))) {
      try {
        out.add(
            reader.read(
                null,
                DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** alertIds in the {@code alerts:recent} stream, oldest first. */
  List<String> recentAlertIds() {
    try (RedisClient client = redis.newClient()) {
      return client
          .xrange(keyPrefix() + "alerts:recent", (StreamEntryID) null, (StreamEntryID) null)
          .stream()
          .map(e -> e.getFields().get("alertId"))
          .toList();
    }
  }

  /** alertIds in {@code alerts:user:<userId>}, by detectedAt. */
  List<String> userAlertIds(String userId) {
    try (RedisClient client = redis.newClient()) {
      return client.zrange(keyPrefix() + "alerts:user:" + userId, 0, -1);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Slows the bets down so that checkpoints complete while they flow; counts restarts. */
  static final class Throttle<T> extends RichMapFunction<T, T> {
    @Override
    public void open(OpenContext openContext) {
      if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
        RESTARTED_ATTEMPTS.incrementAndGet();
      }
    }

    @Override
    public T map(T value) throws InterruptedException {
      Thread.sleep(1);
      return value;
    }
  }
}
