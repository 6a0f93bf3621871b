package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.Delivery.Fault;
import dev.croupier.jobs.balance.Delivery.Input;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.RestSchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.flink.FailOnceAfterCheckpoint;
import dev.croupier.udfs.config.ConfigValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One run of the balance job for the IT, isolated by its own topics, consumer group, transactional
 * ids and Redis key prefix: produces the traffic through the real registry and runs the same
 * pipeline as {@code main}, optionally with a failure injected on the payments input.
 */
final class BalanceJobRun implements AutoCloseable {
  private final KafkaBroker kafka;
  private final Map<Input, String> inputTopics = new EnumMap<>(Input.class);
  private final String keyPrefix;
  private final BalanceJobConfig config;
  private final Map<Input, AvroWireSerializer<SpecificRecordBase>> serializers =
      new EnumMap<>(Input.class);
  private final Map<Delivery, byte[]> producedBytes = new IdentityHashMap<>();
  private final Map<String, String> values = new HashMap<>();
  private JobClient job;
  private CommittedOutputs outputs;

  BalanceJobRun(
      String name, KafkaBroker kafka, String redisHost, int redisPort, ApicurioRegistry registry) {
    this(name, kafka, redisHost, redisPort, registry, Map.of());
  }

  /**
   * A run whose config has {@code extra} keys on top (outage and restart tests); a null value
   * removes the key, so the job's default applies.
   */
  BalanceJobRun(
      String name,
      KafkaBroker kafka,
      String redisHost,
      int redisPort,
      ApicurioRegistry registry,
      Map<String, String> extra) {
    this.kafka = kafka;
    for (Input i : Input.values()) {
      inputTopics.put(i, "it-" + name + "." + i.name().toLowerCase());
    }
    String balances = "it-" + name + ".balances";
    String dlq = "it-" + name + ".dlq";
    keyPrefix = "it-" + name + ":";
    kafka.createTopics(2, Map.of(), List.copyOf(inputTopics.values()));
    kafka.createTopics(2, dlq);
    kafka.createTopics(2, Map.of("cleanup.policy", "compact"), List.of(balances));
    values.put("kafka.bootstrap-servers", kafka.bootstrapServers());
    values.put("kafka.group-id", "it-" + name);
    values.put("registry.url", registry.confluentApiUrl());
    values.put("redis.host", redisHost);
    values.put("redis.port", String.valueOf(redisPort));
    values.put("redis.key-prefix", keyPrefix);
    values.put("topics.bets", inputTopics.get(Input.BETS));
    values.put("topics.rounds", inputTopics.get(Input.ROUNDS));
    values.put("topics.payments", inputTopics.get(Input.PAYMENTS));
    values.put("topics.balances", balances);
    values.put("topics.dlq", dlq);
    values.put("job.parallelism", "2");
    values.put("job.checkpoint-interval", "500ms");
    values.put("job.state-backend", "rocksdb");
    values.put("job.restart-attempts", "2");
    values.put("job.restart-delay", "200ms");
    values.put("balance.transactional-id-prefix", "it-" + name);
    extra.forEach(
        (k, v) -> {
          if (v == null) {
            values.remove(k);
          } else {
            values.put(k, v);
          }
        });
    config = BalanceJobConfig.from(ConfigValues.of(values));
    var client = new RestSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()));
    serializers.put(Input.BETS, serializer(Topics.BETS, Input.BETS, client));
    serializers.put(Input.ROUNDS, serializer(Topics.ROUNDS, Input.ROUNDS, client));
    serializers.put(Input.PAYMENTS, serializer(Topics.PAYMENTS, Input.PAYMENTS, client));
    outputs = new CommittedOutputs(kafka, balances, dlq);
  }

  @SuppressWarnings("unchecked")
  private AvroWireSerializer<SpecificRecordBase> serializer(
      Topic<? extends SpecificRecordBase> topic, Input input, RestSchemaRegistryClient client) {
    return (AvroWireSerializer<SpecificRecordBase>)
        (AvroWireSerializer<?>)
            AvroWireSerializer.forTopic(
                topic.named(inputTopics.get(input)), client, SchemaRegistration.REGISTER);
  }

  /**
   * Produces the first half, starts the job, waits for its first committed output (a completed
   * checkpoint), then produces the second half: a fault injected after a checkpoint hits
   * mid-stream.
   */
  void start(List<Delivery> traffic, boolean failOnce, Duration timeout) throws Exception {
    start(
        traffic,
        failOnce ? in -> in.map(new FailOnceAfterCheckpoint<>(8_000)).name("fail once") : null,
        timeout);
  }

  /** A fault injector put on the payments input: {@code stream → stream with the fault}. */
  interface PaymentsFault {
    SingleOutputStreamOperator<Either<DeadLetter, PaymentEvent>> apply(
        DataStream<Either<DeadLetter, PaymentEvent>> payments);
  }

  /** As {@link #start(List, boolean, Duration)}, with any fault (or none) on the payments input. */
  void start(List<Delivery> traffic, PaymentsFault fault, Duration timeout) throws Exception {
    int half = traffic.size() / 2;
    produce(traffic.subList(0, half));
    StreamExecutionEnvironment env = JobEnvironment.create(config.common().runtime());
    BalanceInputs in = BalanceInputs.fromKafka(env, config);
    if (fault != null) {
      DataStream<Either<DeadLetter, PaymentEvent>> payments = in.payments();
      in =
          new BalanceInputs(
              in.bets(),
              in.rounds(),
              fault.apply(payments).returns(payments.getType()).uid("it-fault"));
    }
    BalanceJob.build(in, config, BalanceJob.Sinks.of(config));
    job = env.executeAsync("balance-it");
    assertThat(outputs.pollUntil(() -> !outputs.updatesByPlayer.isEmpty(), timeout))
        .as("a first checkpoint committed output")
        .isTrue();
    produce(traffic.subList(half, traffic.size()));
  }

  void produce(List<Delivery> deliveries) {
    try (KafkaProducer<byte[], byte[]> producer = kafka.newProducer()) {
      for (Delivery d : deliveries) {
        byte[] key = d.key().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(inputTopics.get(d.input()), key, valueOf(d)));
      }
    }
  }

  private byte[] valueOf(Delivery d) {
    byte[] wire =
        d.rawValue() != null ? d.rawValue() : serializers.get(d.input()).serialize(d.record());
    if (d.fault() == Fault.UNKNOWN_SCHEMA_ID) {
      ByteBuffer.wrap(wire, 1, 4).putInt(Integer.MAX_VALUE - 7); // an id the registry never issued
    }
    if (d.isBad()) {
      producedBytes.put(d, wire);
    }
    return wire;
  }

  /** The running job. */
  JobClient job() {
    return job;
  }

  /** The run's configuration as {@code --key=value} arguments (for the restore command). */
  String[] configArgs() {
    return values.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  CommittedOutputs outputs() {
    return outputs;
  }

  String inputTopic(Input input) {
    return inputTopics.get(input);
  }

  String redisKey(String user) {
    return keyPrefix + "balance:" + user;
  }

  String keyPrefix() {
    return keyPrefix;
  }

  /** The bytes produced for a bad delivery, as the dead letter should carry them. */
  byte[] producedBytes(Delivery bad) {
    return producedBytes.get(bad);
  }

  /** The job's exception history from the MiniCluster's REST API (JSON). */
  String jobExceptions(Configuration clusterClient) throws Exception {
    URI uri =
        URI.create(
            "http://"
                + clusterClient.get(RestOptions.ADDRESS)
                + ":"
                + clusterClient.get(RestOptions.PORT)
                + "/jobs/"
                + job.getJobID()
                + "/exceptions");
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws Exception {
    try {
      if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get();
      }
    } finally {
      outputs.close();
    }
  }
}
