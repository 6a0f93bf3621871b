package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.croupier.jobs.balance.BalanceJob;
import dev.croupier.jobs.balance.BalanceJobConfig;
import dev.croupier.jobs.balance.BalanceOracle;
import dev.croupier.jobs.balance.Delivery;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.jobs.fraud.FraudTraffic;
import dev.croupier.jobs.leaderboard.LeaderboardJob;
import dev.croupier.jobs.leaderboard.LeaderboardJobConfig;
import dev.croupier.jobs.leaderboard.LeaderboardOracle;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.simulator.fault.RecordMutator;
import dev.croupier.simulator.fault.RecordMutator.Mutant;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.resps.Tuple;

/**
 * Bad input against the three jobs together, on real Kafka, Apicurio and Redis: 10,000 mutated
 * records ({@link RecordMutator}: bit and byte damage, truncations, random and foreign schema ids,
 * huge length prefixes, another topic's record type, nulls, extreme amounts and timestamps, blank
 * and oversized ids, ~1 MB values) mixed in among seeded valid traffic on all four input topics.
 *
 * <p>Every job must dead-letter each mutant of the topics it reads, once, with the mutation's
 * reason, and nothing else; never restart (restart attempts are 0, so one failure fails the test);
 * account for every record it read (records in = processed + dead-lettered, from its own metrics);
 * and produce exactly the results of the valid traffic alone (the balance and leaderboard oracles,
 * and the fraud traffic's ground truth).
 */
@ExtendWith(SharedServices.class)
class BadInputFuzzIT {
  private static final long SEED = 20261202L;
  private static final int MUTANTS = 10_000;
  private static final int PLAYERS = 60;
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final String FOREIGN_SUBJECT = "it-fuzz-json-value";

  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  /** Room for the three jobs at parallelism 2 each. */
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(3 * JobFixture.PARTITIONS)
              .build());

  /** One mutant as sent: its topic, key and what it is. */
  private record Sent(Topic<?> topic, String key, Mutant mutant) {}

  @Test
  void shouldDeadLetterEveryMutantOnceAndOtherwiseMatchTheOraclesWithoutARestart(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    try (JobFixture run = new JobFixture("fuzz", kafka, redis, registry)) {
      // Given valid traffic on the four input topics with 10,000 mutants mixed in
      run.createTopics(Topics.ALL);
      int foreignId = registerJsonSchema(registry.confluentApiUrl());
      FraudTraffic traffic = FraudTraffic.generate(SEED, PLAYERS);
      List<Sent> mutants = produceWithMutants(run, traffic, foreignId);

      // When the three jobs have read all of it
      Map<String, JobClient> jobs = startTheThreeJobs(run);
      for (JobClient job : jobs.values()) {
        job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }

      // Then each job dead-lettered exactly its topics' mutants, each with its mutation's reason
      List<DeadLetter> deadLetters = run.committed(Topics.DLQ);
      Map<String, Map<String, String>> byJob = new TreeMap<>();
      for (DeadLetter d : deadLetters) {
        String key = new String(bytes(d.getKey()), StandardCharsets.UTF_8);
        String previous =
            byJob.computeIfAbsent(d.getJob(), j -> new TreeMap<>()).put(key, d.getReason());
        assertThat(previous).as("a second dead letter of %s by %s", key, d.getJob()).isNull();
        assertBounded(d);
      }
      for (Map.Entry<String, List<Topic<?>>> job : topicsByJob().entrySet()) {
        Map<String, String> want = new TreeMap<>();
        for (Sent s : mutants) {
          if (job.getValue().contains(s.topic())) {
            want.put(s.key(), s.mutant().reason().code());
          }
        }
        assertThat(byJob.getOrDefault(job.getKey(), Map.of()))
            .as("the dead letters of %s", job.getKey())
            .containsExactlyInAnyOrderEntriesOf(want);
      }

      // And no job restarted, and each accounted for every record it read
      Map<Topic<?>, Integer> produced = countByTopic(traffic, mutants);
      for (Map.Entry<String, JobClient> job : jobs.entrySet()) {
        JobProbe probe = new JobProbe(METRICS, job.getValue().getJobID());
        assertThat(probe.restarts()).as("restarts of %s", job.getKey()).isZero();
        long recordsIn =
            topicsByJob().get(job.getKey()).stream().mapToLong(t -> produced.get(t)).sum();
        long decoded = probe.counterSum(".*deserializer.*croupier\\.decodedRecords");
        long deadLettered = probe.counterSum(".*croupier\\.reason\\.[a-z-]+\\.deadLetters");
        long deadLetteredAtDecoding =
            probe.counterSum(".*deserializer.*croupier\\.reason\\.[a-z-]+\\.deadLetters");
        long processed = decoded - (deadLettered - deadLetteredAtDecoding);
        assertThat(processed + deadLettered)
            .as("records in = processed + dead-lettered, %s", job.getKey())
            .isEqualTo(recordsIn);
        assertThat(deadLettered)
            .as("dead letters counted by %s", job.getKey())
            .isEqualTo(byJob.getOrDefault(job.getKey(), Map.of()).size());
      }

      // And the valid records' results are the oracles'
      assertBalances(run, traffic);
      assertBoards(run, traffic);
      assertThat(run.committed(Topics.ALERTS))
          .extracting(a -> new FraudTraffic.Expected(a.getRuleId(), a.getUserId()))
          .containsExactlyInAnyOrderElementsOf(traffic.expected());
    }
  }

  private static Map<String, List<Topic<?>>> topicsByJob() {
    Map<String, List<Topic<?>>> m = new LinkedHashMap<>();
    m.put(BalanceJobConfig.JOB_NAME, List.of(Topics.BETS, Topics.ROUNDS, Topics.PAYMENTS));
    m.put(LeaderboardJobConfig.JOB_NAME, List.of(Topics.BETS, Topics.ROUNDS));
    m.put(FraudJobConfig.JOB_NAME, Topics.INPUTS);
    return m;
  }

  /**
   * Sends the traffic in order with the mutants spread among it: each a mutation of a nearby valid
   * record of the same topic, under a key of its own (so its partition is random).
   */
  private static List<Sent> produceWithMutants(
      JobFixture run, FraudTraffic traffic, int foreignId) {
    Random random = new Random(SEED);
    RecordMutator mutator = new RecordMutator(random, run::encode, List.of(foreignId), 4);
    List<FraudTraffic.Produced> valid = traffic.records();
    int[] mutantsAfter = new int[valid.size()];
    for (int i = 0; i < MUTANTS; i++) {
      mutantsAfter[random.nextInt(valid.size())]++;
    }
    List<Sent> sent = new ArrayList<>();
    Map<RecordMutator.Mutation, Integer> kinds = new EnumMap<>(RecordMutator.Mutation.class);
    for (int i = 0; i < valid.size(); i++) {
      FraudTraffic.Produced p = valid.get(i);
      run.produce(p.topic(), p.key(), p.record());
      for (int m = 0; m < mutantsAfter[i]; m++) {
        Mutant mutant = mutator.mutate(p.topic(), p.record(), Instant.now());
        String key = "fuzz-" + sent.size();
        run.send(p.topic(), key, mutant.value());
        sent.add(new Sent(p.topic(), key, mutant));
        kinds.merge(mutant.mutation(), 1, Integer::sum);
      }
    }
    run.flush();
    // Every kind of damage is in the mix, the ~1 MB ones included.
    assertThat(kinds.keySet()).containsExactlyInAnyOrder(RecordMutator.Mutation.values());
    return sent;
  }

  private static Map<String, JobClient> startTheThreeJobs(JobFixture run) throws Exception {
    KafkaIo.Reading reading = KafkaIo.Reading.until(OffsetsInitializer.latest());
    Map<String, JobClient> jobs = new LinkedHashMap<>();

    BalanceJobConfig balance = BalanceJobConfig.from(run.config("balance", own("balance")));
    StreamExecutionEnvironment env = JobEnvironment.create(balance);
    BalanceJob.sinkTo(
        BalanceJob.build(BalanceJob.Sources.of(balance, reading).read(env, balance), balance),
        BalanceJob.Sinks.of(balance));
    jobs.put(BalanceJobConfig.JOB_NAME, env.executeAsync("it-fuzz-balance"));

    LeaderboardJobConfig boards =
        LeaderboardJobConfig.from(run.config("leaderboard", own("leaderboard")));
    env = JobEnvironment.create(boards);
    LeaderboardJob.sinkTo(
        LeaderboardJob.build(LeaderboardJob.Sources.of(boards, reading).read(env, boards), boards),
        LeaderboardJob.Sinks.of(boards));
    jobs.put(LeaderboardJobConfig.JOB_NAME, env.executeAsync("it-fuzz-leaderboard"));

    FraudJobConfig fraud = FraudJobConfig.from(run.config("fraud", own("fraud")));
    env = JobEnvironment.create(fraud);
    FraudDetectionJob.sinkTo(
        FraudDetectionJob.build(
            FraudDetectionJob.Sources.of(fraud, reading).read(env, fraud), fraud),
        FraudDetectionJob.Sinks.of(fraud));
    jobs.put(FraudJobConfig.JOB_NAME, env.executeAsync("it-fuzz-fraud"));
    return jobs;
  }

  /** A job's own group and transactional ids, and no restart: a failure fails the test. */
  private static Map<String, String> own(String job) {
    return Map.of(
        "kafka.group-id",
        "it-fuzz-" + job,
        job + ".transactional-id-prefix",
        "it-fuzz-" + job,
        "job.restart-attempts",
        "0");
  }

  private static Map<Topic<?>, Integer> countByTopic(FraudTraffic traffic, List<Sent> mutants) {
    Map<Topic<?>, Integer> n = new HashMap<>();
    traffic.records().forEach(p -> n.merge(p.topic(), 1, Integer::sum));
    mutants.forEach(s -> n.merge(s.topic(), 1, Integer::sum));
    return n;
  }

  /** A dead letter never grows with its input, and still names the whole value. */
  private static void assertBounded(DeadLetter d) {
    if (d.getValue() == null) {
      return;
    }
    byte[] value = bytes(d.getValue());
    assertThat(value.length).isLessThanOrEqualTo(DeadLetters.MAX_COPIED_BYTES);
    assertThat(d.getValueSize()).isGreaterThanOrEqualTo(value.length);
    if (d.getValueSize() == value.length) {
      assertThat(d.getValueSha256()).isEqualTo(DeadLetters.sha256(value));
    }
  }

  private static void assertBalances(JobFixture run, FraudTraffic traffic) {
    List<Delivery> deliveries = new ArrayList<>();
    for (FraudTraffic.Produced p : traffic.records()) {
      if (p.topic() != Topics.ACCOUNTS) {
        deliveries.add(Delivery.good(p.topic(), p.key(), p.record()));
      }
    }
    Map<String, BalanceOracle.Expected> expected = BalanceOracle.of(deliveries);
    assertThat(run.redis().keys(run.keyPrefix() + "balance:*")).hasSize(expected.size());
    expected.forEach(
        (user, want) -> {
          Map<String, String> hash = run.redis().hgetAll(run.keyPrefix() + "balance:" + user);
          assertThat(hash)
              .as(user)
              .containsEntry("balance", String.valueOf(want.balance))
              .containsEntry("deposited", String.valueOf(want.deposited))
              .containsEntry("withdrawn", String.valueOf(want.withdrawn))
              .containsEntry("staked", String.valueOf(want.staked))
              .containsEntry("paidOut", String.valueOf(want.paidOut))
              .containsEntry("bonus", String.valueOf(want.bonus))
              .containsEntry("seq", String.valueOf(want.seq));
        });
  }

  private static void assertBoards(JobFixture run, FraudTraffic traffic) {
    List<BetPlaced> bets = new ArrayList<>();
    List<BetSettled> settled = new ArrayList<>();
    for (FraudTraffic.Produced p : traffic.records()) {
      if (p.record() instanceof BetPlaced b) {
        bets.add(b);
      } else if (p.record() instanceof BetSettled s) {
        settled.add(s);
      }
    }
    Map<String, List<LeaderboardOracle.Ranked>> expected =
        new LeaderboardOracle(run.keyPrefix(), Duration.ofMinutes(1).toMillis())
            .onTime(bets, settled)
            .boards();
    Set<String> keys = run.redis().keys(run.keyPrefix() + "lb:*");
    assertThat(keys).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (key, want) -> {
          List<Tuple> got = run.redis().zrevrangeWithScores(key, 0, -1);
          assertThat(got)
              .as(key)
              .extracting(Tuple::getElement)
              .containsExactlyElementsOf(
                  want.stream().map(LeaderboardOracle.Ranked::userId).toList());
          assertThat(got)
              .as(key)
              .extracting(Tuple::getScore)
              .containsExactlyElementsOf(
                  want.stream().map(LeaderboardOracle.Ranked::score).toList());
        });
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    if (buffer == null) {
      return new byte[0];
    }
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }

  /** A JSON schema's id, as a producer with a JSON serializer would have registered it. */
  private static int registerJsonSchema(String registryUrl) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String body =
        json.createObjectNode()
            .put("schemaType", "JSON")
            .put("schema", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")
            .toString();
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(registryUrl + "/subjects/" + FOREIGN_SUBJECT + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return json.readTree(answer.body()).get("id").asInt();
  }
}
