package dev.croupier.jobs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.jobs.fraud.FraudTraffic.Expected;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.testkit.flink.FailOnceAfterCheckpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;

/**
 * The fraud job on the real test kit (Kafka, Apicurio, Redis, a MiniCluster at parallelism 2):
 * legitimate background traffic with one scenario per rule mixed in yields exactly the expected
 * alerts, in risk.alerts (read_committed) and in Redis, and nothing else; a run that fails once
 * after a checkpoint and restores commits exactly the same alerts, no more.
 */
@ExtendWith(SharedServices.class)
class FraudDetectionJobIT {
  private static final long SEED = 20260302L;
  private static final int BACKGROUND_PLAYERS = 100;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  private static List<FraudAlert> cleanAlerts;

  /** The failure-free run's alerts, computed once for both tests. */
  private static synchronized List<FraudAlert> cleanRun(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    if (cleanAlerts == null) {
      try (JobFixture run = new JobFixture("fraud-clean", kafka, redis, registry)) {
        runToTheEnd(run, false);
        cleanAlerts = run.committed(Topics.ALERTS);
        assertRedisHolds(run, cleanAlerts);
        assertThat(run.committed(Topics.DLQ))
            .extracting(DeadLetter::getReason)
            .containsExactlyInAnyOrder("bad-magic-byte", "field-rule");
      }
    }
    return cleanAlerts;
  }

  @Test
  void shouldRaiseExactlyOneAlertPerScenarioAndNothingElse(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    // Given background players and one labelled scenario per rule (the bot repeats itself within
    // the cool-down), plus two undecodable bets
    FraudTraffic traffic = FraudTraffic.generate(SEED, BACKGROUND_PLAYERS);
    assertThat(traffic.expected()).hasSize(10);

    // When the job runs over it
    List<FraudAlert> alerts = cleanRun(kafka, redis, registry);

    // Then risk.alerts holds exactly one alert per scenario, keyed to the right player
    assertThat(alerts)
        .extracting(a -> new Expected(a.getRuleId(), a.getUserId()))
        .containsExactlyInAnyOrderElementsOf(traffic.expected());
    assertThat(alerts)
        .allSatisfy(
            a -> {
              assertThat(a.getScore()).isBetween(50, 100);
              assertThat(a.getEvidenceEventIds()).isNotEmpty();
              assertThat(a.getFirstEventAt()).isBeforeOrEqualTo(a.getLastEventAt());
              assertThat(a.getSummary()).isNotBlank();
              assertThat(a.getRuleVersion()).as("the rules file's version").isEqualTo(1);
            });
    FraudAlert dumping =
        alerts.stream().filter(a -> a.getRuleId().equals("chip-dumping")).findFirst().orElseThrow();
    assertThat(dumping.getRelatedUserIds()).containsExactly("s-partner");
  }

  @Test
  void shouldCommitTheSameAlertsAfterARestoreAndNoMore(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    // Given the alerts of a failure-free run
    List<FraudAlert> expected = cleanRun(kafka, redis, registry);

    try (JobFixture run = new JobFixture("fraud-restore", kafka, redis, registry)) {
      // When the same traffic runs through a job that fails once after a checkpoint and restores
      runToTheEnd(run, true);

      // Then the job did fail, and committed exactly the same alerts (same deterministic ids), once
      assertThat(run.exceptions(FLINK.getClientConfiguration()))
          .contains("Injected failure after a completed checkpoint");
      List<FraudAlert> alerts = run.committed(Topics.ALERTS);
      assertThat(alerts).containsExactlyInAnyOrderElementsOf(expected);
      assertRedisHolds(run, alerts);
    }
  }

  @Test
  void shouldCommitTheSameAlertsWhenOneTopicIsReadInBurstsBehindTheOthers(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    // Given the alerts of a run that reads every topic as fast as it can
    List<FraudAlert> expected = cleanRun(kafka, redis, registry);

    try (JobFixture run = new JobFixture("fraud-skewed", kafka, redis, registry)) {
      // When the bets are fetched in small bursts 1.5 s apart, the other topics at full speed,
      // and a partition may go idle after 1 s without records
      runToTheEnd(run, false, true);

      // Then the alerts are the same, to the last evidence attribute (stake stamps cross topics)
      assertThat(run.committed(Topics.ALERTS)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(run.committed(Topics.DLQ))
          .extracting(DeadLetter::getReason)
          .containsExactlyInAnyOrder("bad-magic-byte", "field-rule");
    }
  }

  @Test
  void shouldCommitTheSameAlertsWithItsStateInRocksDbThroughARestore(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    // Given the alerts of a failure-free run with the state on the heap (the default)
    List<FraudAlert> expected = cleanRun(kafka, redis, registry);

    try (JobFixture run = new JobFixture("fraud-rocksdb", kafka, redis, registry)) {
      // When the job keeps its state in RocksDB, as for a large population (docs/operations.md),
      // so that every state access goes through the state's serializers, and fails once after a
      // checkpoint and restores from it
      runToTheEnd(run, true, false, Map.of("job.state-backend", "rocksdb"));

      // Then it did restore, and committed exactly the same alerts, once
      assertThat(run.exceptions(FLINK.getClientConfiguration()))
          .contains("Injected failure after a completed checkpoint");
      List<FraudAlert> alerts = run.committed(Topics.ALERTS);
      assertThat(alerts).containsExactlyInAnyOrderElementsOf(expected);
      assertRedisHolds(run, alerts);
    }
  }

  private static void runToTheEnd(JobFixture run, boolean failOnce) throws Exception {
    runToTheEnd(run, failOnce, false);
  }

  private static void runToTheEnd(JobFixture run, boolean failOnce, boolean burstyBets)
      throws Exception {
    runToTheEnd(run, failOnce, burstyBets, Map.of());
  }

  /**
   * Produces the traffic and two bad bets, then runs the job over bounded sources to the end of
   * them; with {@code failOnce} the bets are slowed down so checkpoints complete while they flow,
   * and the job fails once after one of them; with {@code burstyBets} the bets source fetches at
   * most 32 KB per partition every 1.5 s while the others read freely, and partitions go idle after
   * 1 s; {@code settings} are further job settings.
   */
  private static void runToTheEnd(
      JobFixture run, boolean failOnce, boolean burstyBets, Map<String, String> settings)
      throws Exception {
    Map<String, String> keys = new java.util.HashMap<>(Map.of("job.checkpoint-interval", "300ms"));
    keys.putAll(settings);
    if (burstyBets) {
      keys.put("fraud.idleness", "1s");
    }
    FraudJobConfig cfg = FraudJobConfig.from(run.config("fraud", keys));
    run.createTopics(Topics.ALL);
    for (FraudTraffic.Produced p : FraudTraffic.generate(SEED, BACKGROUND_PLAYERS).records()) {
      run.produce(p.topic(), p.key(), p.record());
    }
    run.send(Topics.BETS, "mallory", new byte[] {'{', '}'});
    run.send(Topics.BETS, "mallory", run.encode(Topics.BETS, negativeStake()));
    run.flush();

    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    KafkaIo.Reading reading = KafkaIo.Reading.until(OffsetsInitializer.latest());
    FraudDetectionJob.Sources sources = FraudDetectionJob.Sources.of(cfg, reading);
    if (burstyBets) {
      Map<String, String> slow = new java.util.HashMap<>(keys);
      slow.put("kafka.properties.fetch.min.bytes", "100000000");
      slow.put("kafka.properties.fetch.max.wait.ms", "1500");
      slow.put("kafka.properties.max.partition.fetch.bytes", "32768");
      FraudJobConfig slowCfg = FraudJobConfig.from(run.config("fraud", slow));
      sources =
          new FraudDetectionJob.Sources(
              FraudDetectionJob.Sources.of(slowCfg, reading).bets(),
              sources.rounds(),
              sources.payments(),
              sources.accounts(),
              sources.rules());
    }
    FraudDetectionJob.Inputs in = sources.read(env, cfg);
    if (failOnce) {
      var bets = in.bets();
      in =
          new FraudDetectionJob.Inputs(
              bets.map(new Throttle<>())
                  .returns(bets.getType())
                  .uid("it-throttle")
                  .name("throttle")
                  .map(new FailOnceAfterCheckpoint<>(400))
                  .returns(bets.getType())
                  .uid("it-fail-once")
                  .name("fail once"),
              in.rounds(),
              in.payments(),
              in.accounts(),
              in.rules());
    }
    FraudDetectionJob.sinkTo(FraudDetectionJob.build(in, cfg), FraudDetectionJob.Sinks.of(cfg));
    run.start(env);
    run.awaitEnd(TIMEOUT);
  }

  /** Redis shows every alert once in alerts:recent, and each in its player's alerts:user set. */
  private static void assertRedisHolds(JobFixture run, List<FraudAlert> alerts) {
    List<String> recent =
        run
            .redis()
            .xrange(run.keyPrefix() + "alerts:recent", (StreamEntryID) null, (StreamEntryID) null)
            .stream()
            .map(e -> e.getFields().get("alertId"))
            .toList();
    assertThat(recent)
        .containsExactlyInAnyOrderElementsOf(alerts.stream().map(FraudAlert::getAlertId).toList());
    for (FraudAlert a : alerts) {
      assertThat(run.redis().zrange(run.keyPrefix() + "alerts:user:" + a.getUserId(), 0, -1))
          .containsExactly(a.getAlertId());
    }
  }

  private static BetPlaced negativeStake() {
    return BetPlaced.newBuilder()
        .setEventId("bad-1")
        .setOccurredAt(Instant.parse("2026-03-02T10:30:00Z"))
        .setUserId("mallory")
        .setBetId("b")
        .setGameId("g")
        .setRoundId("r")
        .setSessionId("s")
        .setStake(-500)
        .setCurrency("EUR")
        .build();
  }

  /** Slows the bets down so that checkpoints complete while they flow. */
  static final class Throttle<T> implements MapFunction<T, T> {
    @Override
    public T map(T value) throws InterruptedException {
      Thread.sleep(1);
      return value;
    }
  }
}
