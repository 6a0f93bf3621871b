package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceOracle.Expected;
import dev.croupier.jobs.balance.Delivery.Fault;
import dev.croupier.jobs.balance.Delivery.Input;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.schemas.avro.BalanceUpdated;
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
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.testkit.flink.FailOnceAfterCheckpoint;
import dev.croupier.udfs.config.ConfigValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The balance job end to end on the real test kit (Kafka, Apicurio registry, Redis, MiniCluster at
 * parallelism 2): ~100k events of 1,000 players with ~5 % duplicate deliveries and ~1 % bad
 * records; Redis hashes and the committed changelog must equal the plain-Java oracle, with and
 * without a failure and restore mid-stream.
 */
@ExtendWith(SharedServices.class)
class BalanceJobIT {
  private static final int PLAYERS = 1_000;
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(150);
  private static final Pattern EVENT_IN_DETAIL = Pattern.compile("event (\\S+) is in");

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static List<Delivery> traffic;
  private static Map<String, Expected> expected;
  private static List<Delivery> bad;

  @BeforeAll
  static void generateTraffic() {
    traffic = BalanceTraffic.generate(20260301L, PLAYERS, 100, 0.05, 0.01);
    expected = BalanceOracle.of(traffic);
    bad = traffic.stream().filter(Delivery::isBad).toList();
  }

  @Test
  void shouldMatchTheOracleInRedisAndInTheCommittedChangelog(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    Run run = new Run("plain", kafka, redis, registry);

    // Given the traffic on the three topics, When the job has processed it
    run.start(false);

    // Then Redis and the committed topics equal the oracle, and every bad record is a dead letter
    run.assertMatchesTheOracle();
  }

  @Test
  void shouldMatchTheOracleAfterAFailureAndRestoreMidStream(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    Run run = new Run("restore", kafka, redis, registry);

    // Given the traffic, When the job fails once after a completed checkpoint and restores
    run.start(true);

    // Then the results are the same as without a failure, and the failure really happened
    run.assertMatchesTheOracle();
    assertThat(run.jobExceptions()).contains("Injected failure after a completed checkpoint");
  }

  /** One run of the job against its own topics and Redis key prefix. */
  private static final class Run {
    private final KafkaBroker kafka;
    private final RedisServer redis;
    private final Map<Input, String> inputTopics = new EnumMap<>(Input.class);
    private final String balancesTopic;
    private final String dlqTopic;
    private final String keyPrefix;
    private final BalanceJobConfig config;
    private final Map<Input, AvroWireSerializer<SpecificRecordBase>> serializers =
        new EnumMap<>(Input.class);
    private final Map<Delivery, byte[]> producedBytes = new IdentityHashMap<>();
    private JobClient job;
    private CommittedOutputs outputs;

    Run(String name, KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) {
      this.kafka = kafka;
      this.redis = redis;
      for (Input i : Input.values()) {
        inputTopics.put(i, "it-" + name + "." + i.name().toLowerCase());
      }
      balancesTopic = "it-" + name + ".balances";
      dlqTopic = "it-" + name + ".dlq";
      keyPrefix = "it-" + name + ":";
      kafka.createTopics(
          2,
          inputTopics.get(Input.BETS),
          inputTopics.get(Input.ROUNDS),
          inputTopics.get(Input.PAYMENTS),
          dlqTopic);
      kafka.createTopics(2, Map.of("cleanup.policy", "compact"), List.of(balancesTopic));
      Map<String, String> values = new HashMap<>();
      values.put("kafka.bootstrap-servers", kafka.bootstrapServers());
      values.put("kafka.group-id", "it-" + name);
      values.put("registry.url", registry.confluentApiUrl());
      values.put("redis.host", redis.host());
      values.put("redis.port", String.valueOf(redis.port()));
      values.put("redis.key-prefix", keyPrefix);
      values.put("topics.bets", inputTopics.get(Input.BETS));
      values.put("topics.rounds", inputTopics.get(Input.ROUNDS));
      values.put("topics.payments", inputTopics.get(Input.PAYMENTS));
      values.put("topics.balances", balancesTopic);
      values.put("topics.dlq", dlqTopic);
      values.put("job.parallelism", "2");
      values.put("job.checkpoint-interval", "500ms");
      values.put("job.state-backend", "rocksdb");
      values.put("job.restart-attempts", "2");
      values.put("job.restart-delay", "200ms");
      values.put("balance.transactional-id-prefix", "it-" + name);
      config = BalanceJobConfig.from(ConfigValues.of(values));
      var client = new RestSchemaRegistryClient(RegistryConfig.of(registry.confluentApiUrl()));
      serializers.put(Input.BETS, serializer(Topics.BETS, Input.BETS, client));
      serializers.put(Input.ROUNDS, serializer(Topics.ROUNDS, Input.ROUNDS, client));
      serializers.put(Input.PAYMENTS, serializer(Topics.PAYMENTS, Input.PAYMENTS, client));
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
     * checkpoint), then produces the second half; so a fault injected after a checkpoint hits
     * mid-stream.
     */
    void start(boolean failOnce) throws Exception {
      int half = traffic.size() / 2;
      produce(traffic.subList(0, half));
      StreamExecutionEnvironment env = JobEnvironment.create(config.common().runtime());
      BalanceInputs in = BalanceInputs.fromKafka(env, config);
      if (failOnce) {
        DataStream<Either<DeadLetter, PaymentEvent>> payments = in.payments();
        in =
            new BalanceInputs(
                in.bets(),
                in.rounds(),
                payments
                    .map(new FailOnceAfterCheckpoint<Either<DeadLetter, PaymentEvent>>(8_000))
                    .returns(payments.getType())
                    .uid("it-fail-once")
                    .name("fail once"));
      }
      BalanceJob.build(in, config, BalanceJob.Sinks.of(config));
      job = env.executeAsync("balance-it");
      outputs = new CommittedOutputs(kafka, balancesTopic, dlqTopic);
      assertThat(outputs.pollUntil(() -> !outputs.updatesByPlayer.isEmpty(), RESULT_TIMEOUT))
          .isTrue();
      produce(traffic.subList(half, traffic.size()));
    }

    private void produce(List<Delivery> deliveries) {
      try (KafkaProducer<byte[], byte[]> producer = kafka.newProducer()) {
        for (Delivery d : deliveries) {
          producer.send(
              new ProducerRecord<>(
                  inputTopics.get(d.input()),
                  d.key().getBytes(StandardCharsets.UTF_8),
                  valueOf(d)));
        }
      }
    }

    private byte[] valueOf(Delivery d) {
      if (d.rawValue() != null) {
        producedBytes.put(d, d.rawValue());
        return d.rawValue();
      }
      byte[] wire = serializers.get(d.input()).serialize(d.record());
      if (d.fault() == Fault.UNKNOWN_SCHEMA_ID) {
        ByteBuffer.wrap(wire, 1, 4)
            .putInt(Integer.MAX_VALUE - 7); // an id the registry never issued
      }
      if (d.isBad()) {
        producedBytes.put(d, wire);
      }
      return wire;
    }

    void assertMatchesTheOracle() throws Exception {
      try {
        boolean complete = outputs.pollUntil(this::reachedTheOracle, RESULT_TIMEOUT);
        assertThat(complete)
            .as("committed outputs and Redis reached the oracle's seq for every player")
            .isTrue();
        assertChangelog();
        assertRedis();
        assertDeadLetters();
      } finally {
        job.cancel().get();
        outputs.close();
      }
    }

    private boolean reachedTheOracle() {
      if (outputs.deadLetters.size() < bad.size()) {
        return false;
      }
      for (Map.Entry<String, Expected> e : expected.entrySet()) {
        BalanceUpdated last = outputs.last(e.getKey());
        if (last == null || last.getSeq() < e.getValue().seq) {
          return false;
        }
      }
      try (RedisClient client = redis.newClient()) {
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
          String seq = client.hget(keyPrefix + "balance:" + e.getKey(), "seq");
          if (seq == null || Long.parseLong(seq) < e.getValue().seq) {
            return false;
          }
        }
      }
      return true;
    }

    private void assertChangelog() {
      assertThat(outputs.updatesByPlayer.keySet()).isEqualTo(expected.keySet());
      expected.forEach(
          (user, want) -> {
            List<BalanceUpdated> updates = outputs.updatesByPlayer.get(user);
            // Exactly once: seq 1..n, each once, in topic order; the last update is the oracle's
            // end state.
            assertThat(updates)
                .extracting(BalanceUpdated::getSeq)
                .as(user)
                .containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, want.seq).boxed().toList());
            BalanceUpdated last = updates.get(updates.size() - 1);
            assertThat(
                    new long[] {
                      last.getBalance(),
                      last.getDeposited(),
                      last.getWithdrawn(),
                      last.getStaked(),
                      last.getPaidOut(),
                      last.getBonus()
                    })
                .as(user)
                .containsExactly(
                    want.balance,
                    want.deposited,
                    want.withdrawn,
                    want.staked,
                    want.paidOut,
                    want.bonus);
            assertThat(last.getCurrency()).as(user).isEqualTo(want.currency);
            assertThat(want.lastEventCandidates()).as(user).contains(last.getLastEventId());
            assertThat(last.getUpdatedAt())
                .as(user)
                .isEqualTo(want.occurredAt.get(last.getLastEventId()));
          });
    }

    private void assertRedis() {
      try (RedisClient client = redis.newClient()) {
        assertThat(client.keys(keyPrefix + "balance:*")).hasSize(expected.size());
        expected.forEach(
            (user, want) -> {
              Map<String, String> hash = client.hgetAll(keyPrefix + "balance:" + user);
              assertThat(hash)
                  .as(user)
                  .containsAllEntriesOf(
                      Map.of(
                          "seq",
                          String.valueOf(want.seq),
                          "currency",
                          want.currency,
                          "balance",
                          String.valueOf(want.balance),
                          "deposited",
                          String.valueOf(want.deposited),
                          "withdrawn",
                          String.valueOf(want.withdrawn),
                          "staked",
                          String.valueOf(want.staked),
                          "paidOut",
                          String.valueOf(want.paidOut),
                          "bonus",
                          String.valueOf(want.bonus)));
              assertThat(want.lastEventCandidates()).as(user).contains(hash.get("lastEventId"));
              assertThat(hash.get("updatedAt"))
                  .as(user)
                  .isEqualTo(want.occurredAt.get(hash.get("lastEventId")).toString());
            });
      }
    }

    private void assertDeadLetters() {
      // Exactly one dead letter per bad delivery: decoding failures by topic, reason and raw bytes;
      // the
      // ledger's currency mismatches (no raw bytes left by then) by topic and event id.
      List<String> want = new ArrayList<>();
      for (Delivery d : bad) {
        String topic = inputTopics.get(d.input());
        want.add(
            switch (d.fault()) {
              case GARBAGE_BYTES -> topic + "|" + HexFormat.of().formatHex(producedBytes.get(d));
              case NEGATIVE_AMOUNT ->
                  topic + "|field-rule|" + HexFormat.of().formatHex(producedBytes.get(d));
              case UNKNOWN_SCHEMA_ID ->
                  topic + "|unknown-schema-id|" + HexFormat.of().formatHex(producedBytes.get(d));
              case CURRENCY_MISMATCH -> topic + "|currency-mismatch|" + d.record().get("eventId");
              case NONE -> throw new IllegalStateException("not bad: " + d);
            });
      }
      List<String> got = new ArrayList<>();
      for (DeadLetter l : outputs.deadLetters) {
        String reason = l.getReason();
        if (reason.equals("currency-mismatch")) {
          Matcher m = EVENT_IN_DETAIL.matcher(l.getDetail());
          got.add(
              l.getSourceTopic() + "|" + reason + "|" + (m.find() ? m.group(1) : l.getDetail()));
        } else {
          byte[] value = new byte[l.getValue().remaining()];
          l.getValue().duplicate().get(value);
          String hex = HexFormat.of().formatHex(value);
          got.add(
              l.getSourceTopic()
                  + (reason.equals("field-rule") || reason.equals("unknown-schema-id")
                      ? "|" + reason + "|"
                      : "|")
                  + hex);
        }
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    String jobExceptions() throws Exception {
      var conf = FLINK.getClientConfiguration();
      URI uri =
          URI.create(
              "http://"
                  + conf.get(RestOptions.ADDRESS)
                  + ":"
                  + conf.get(RestOptions.PORT)
                  + "/jobs/"
                  + job.getJobID()
                  + "/exceptions");
      return HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }
}
