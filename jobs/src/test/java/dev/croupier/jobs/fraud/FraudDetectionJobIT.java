package dev.croupier.jobs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.fraud.FraudTraffic.Expected;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static List<FraudAlert> cleanAlerts;

  /** The failure-free run's alerts, computed once for both tests. */
  private static synchronized List<FraudAlert> cleanRun(KafkaBroker kafka, RedisServer redis, ApicurioRegistry reg)
      throws Exception {
    if (cleanAlerts == null) {
      FraudJobRun run = new FraudJobRun("clean", kafka, redis, reg);
      run.produce(FraudTraffic.generate(SEED, BACKGROUND_PLAYERS), badBets(reg));
      run.run(false);
      cleanAlerts = run.committedAlerts();
      assertRedisHolds(run, cleanAlerts);
      assertThat(run.committedDeadLetters()).extracting(DeadLetter::getReason)
          .containsExactlyInAnyOrder("bad-magic-byte", "field-rule");
    }
    return cleanAlerts;
  }

  @Test
  void shouldRaiseExactlyOneAlertPerScenarioAndNothingElse(KafkaBroker kafka, RedisServer redis,
      ApicurioRegistry registry) throws Exception {
    // Given background players and one labelled scenario per rule (the bot repeats itself within
    // the cool-down), plus two undecodable bets
    FraudTraffic traffic = FraudTraffic.generate(SEED, BACKGROUND_PLAYERS);
    assertThat(traffic.expected()).hasSize(10);

    // When the job runs over it
    List<FraudAlert> alerts = cleanRun(kafka, redis, registry);

    // Then risk.alerts holds exactly one alert per scenario, keyed to the right player
    assertThat(alerts).extracting(a -> new Expected(a.getRuleId(), a.getUserId()))
        .containsExactlyInAnyOrderElementsOf(traffic.expected());
    assertThat(alerts).allSatisfy(a -> {
      assertThat(a.getScore()).isBetween(50, 100);
      assertThat(a.getEvidenceEventIds()).isNotEmpty();
      assertThat(a.getFirstEventAt()).isBeforeOrEqualTo(a.getLastEventAt());
      assertThat(a.getSummary()).isNotBlank();
    });
    FraudAlert dumping = alerts.stream().filter(a -> a.getRuleId().equals("chip-dumping")).findFirst().orElseThrow();
    assertThat(dumping.getRelatedUserIds()).containsExactly("s-partner");
  }

  @Test
  void shouldCommitTheSameAlertsAfterARestoreAndNoMore(KafkaBroker kafka, RedisServer redis,
      ApicurioRegistry registry) throws Exception {
    // Given the alerts of a failure-free run
    List<FraudAlert> expected = cleanRun(kafka, redis, registry);

    // When the same traffic runs through a job that fails once after a checkpoint and restores
    int restartsBefore = FraudJobRun.RESTARTED_ATTEMPTS.get();
    FraudJobRun run = new FraudJobRun("restore", kafka, redis, registry);
    run.produce(FraudTraffic.generate(SEED, BACKGROUND_PLAYERS), badBets(registry));
    run.run(true);

    // Then the job did restart, and committed exactly the same alerts (same deterministic ids), once
    assertThat(FraudJobRun.RESTARTED_ATTEMPTS.get()).isGreaterThan(restartsBefore);
    List<FraudAlert> alerts = run.committedAlerts();
    assertThat(alerts).containsExactlyInAnyOrderElementsOf(expected);
    assertRedisHolds(run, alerts);
  }

  /** Redis shows every alert once in alerts:recent, and each in its player's alerts:user set. */
  private static void assertRedisHolds(FraudJobRun run, List<FraudAlert> alerts) {
    assertThat(run.recentAlertIds()).containsExactlyInAnyOrderElementsOf(
        alerts.stream().map(FraudAlert::getAlertId).toList());
    for (FraudAlert a : alerts) {
      assertThat(run.userAlertIds(a.getUserId())).containsExactly(a.getAlertId());
    }
  }

  /** A value that is not the wire format, and a bet with a negative stake. */
  private static List<byte[]> badBets(ApicurioRegistry registry) throws Exception {
    try (SchemaRegistryClient client = SchemaRegistryClient.create(RegistryConfig.of(registry.confluentApiUrl()))) {
      AvroWireSerializer<BetPlaced> wire = AvroWireSerializer.forTopic(Topics.BETS.named("it-fraud-bad.bets"), client,
          SchemaRegistration.REGISTER);
      BetPlaced negative = BetPlaced.newBuilder().setEventId("bad-1").setOccurredAt(Instant.parse("2026-03-02T10:30:00Z"))
          .setUserId("mallory").setBetId("b").setGameId("g").setRoundId("r").setSessionId("s").setStake(-500)
          .setCurrency("EUR").build();
      return List.of(new byte[] {'{', '}'}, wire.serialize(negative));
    }
  }
}
