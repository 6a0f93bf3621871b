package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceOracle;
import dev.croupier.jobs.leaderboard.LeaderboardOracle;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.scenario.Scenarios;
import dev.croupier.simulator.sink.GroundTruthFile;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real platform in this JVM, as {@code bin/croupier-local} runs it: it starts its own Kafka and
 * registry, uses the test's Redis, runs the three jobs on a MiniCluster and a short unpaced
 * simulation with a high fraud rate (tens of thousands of events, every rule several times). Redis
 * must then hold exactly what oracles computed from the simulator's own event log, and the alerts
 * must detect every scenario with precision ≥ 99 %, as the summary reports.
 */
@ExtendWith(SharedServices.class)
class LocalPlatformE2EIT {
  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  private static final Duration SPAN = Duration.ofMinutes(90);
  private static final Duration CATCH_UP = Duration.ofMinutes(2);
  private static final Duration REDIS_SETTLES = Duration.ofSeconds(30);
  private static final long ALLOWED_LATENESS = Duration.ofMinutes(1).toMillis();

  @Test
  void shouldMatchTheOraclesInRedisAndDetectEveryScenario(RedisServer redis, @TempDir Path dir)
      throws Exception {
    // Given a platform run over 90 minutes of event time, 2,000 players, half the sessions fraud
    redis.flushAll();
    PlatformSettings settings = settings(redis, dir);
    RunSummary summary;
    SimulatedTraffic traffic;
    try (PlatformRun run = PlatformRun.start(settings, msg -> {})) {
      // When the simulation has sent everything and the jobs have caught up
      while (!run.simulationFinished()) {
        Thread.sleep(200);
      }
      run.stopSimulation();
      assertThat(run.catchUp(CATCH_UP)).as("jobs caught up within " + CATCH_UP).isTrue();

      // Then Redis holds the balances and the leaderboards the oracles compute from the event log
      traffic = SimulatedTraffic.read(settings.eventLog());
      Map<String, BalanceOracle.Expected> balances = BalanceOracle.of(traffic.deliveries());
      Map<String, List<LeaderboardOracle.Ranked>> boards =
          new LeaderboardOracle(PlatformRun.KEY_PREFIX, ALLOWED_LATENESS)
              .onTime(traffic.bets(), traffic.settlements())
              .boards();
      try (RedisViews views = new RedisViews(redis, PlatformRun.KEY_PREFIX)) {
        views.assertBalancesSettleTo(balances, REDIS_SETTLES);
        views.assertBoardsSettleTo(boards, REDIS_SETTLES);
      }
      summary = run.shutDown();
    }
    summary.print(new java.io.PrintWriter(System.out, true));

    // And every labelled scenario was detected, with hardly a false alarm, as the summary says
    List<ScenarioLabel> labels = GroundTruthFile.read(settings.groundTruth());
    assertThat(traffic.events()).isGreaterThan(20_000);
    for (RuleId rule : Scenarios.rules()) {
      assertThat(labels)
          .as("scenarios of " + rule.id())
          .filteredOn(l -> l.ruleId().equals(rule.id()))
          .hasSizeGreaterThanOrEqualTo(3);
    }
    DetectionScore score = summary.detection();
    assertThat(score.total().scenarios()).isEqualTo(labels.size());
    assertThat(score.missed()).as("missed scenarios").isEmpty();
    assertThat(score.total().recall()).isEqualTo(1.0);
    assertThat(score.total().precision())
        .as("false positives " + score.falsePositives())
        .isGreaterThanOrEqualTo(0.99);

    // And the summary counts what was sent and what each job committed
    assertThat(summary.caughtUp()).isTrue();
    assertThat(summary.simulation().events()).isEqualTo(traffic.events());
    assertThat(summary.processedPerJob())
        .containsEntry(
            "balance", traffic.count("platform.bets", "platform.rounds", "platform.payments"))
        .containsEntry("leaderboard", traffic.count("platform.bets", "platform.rounds"))
        .containsEntry("fraud", traffic.events() + settings.partitions()); // + the clock ticks
    assertThat(summary.deadLetters()).isEqualTo(traffic.expectedDeadLetters());
    assertThat(summary.alerts()).isEqualTo(score.total().alerts());

    // And every job checkpointed to files in the work directory (Flink also counts as failed the
    // checkpoints it could not trigger while the tasks were still starting)
    assertThat(summary.checkpoints()).containsOnlyKeys("balance", "leaderboard", "fraud");
    assertThat(summary.checkpoints().values())
        .allSatisfy(
            c -> {
              assertThat(c.completed()).isGreaterThan(c.failed());
              assertThat(c.lastBytes()).isPositive();
            });
    try (var jobDirs = java.nio.file.Files.list(dir.resolve("work/checkpoints"))) {
      assertThat(jobDirs.count()).as("one checkpoint directory per job").isEqualTo(3);
    }
  }

  private static PlatformSettings settings(RedisServer redis, Path dir) {
    return new PlatformSettings(
        2_000,
        20260302L,
        0.5,
        0,
        0,
        Duration.ofMinutes(3),
        START,
        SPAN,
        0.001,
        null,
        null,
        redis.host(),
        redis.port(),
        0,
        2,
        2,
        Duration.ofSeconds(2),
        dir.resolve("events.jsonl"),
        dir.resolve("truth.jsonl"),
        dir.resolve("work"));
  }
}
