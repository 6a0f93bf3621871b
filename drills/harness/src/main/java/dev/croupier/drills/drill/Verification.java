package dev.croupier.drills.drill;

import dev.croupier.drills.cluster.DrillCluster;
import dev.croupier.drills.jobs.Deployment;
import dev.croupier.drills.jobs.JobLag;
import dev.croupier.drills.process.Waits;
import dev.croupier.drills.traffic.Traffic;
import dev.croupier.drills.verify.BalanceSeqWatch;
import dev.croupier.drills.verify.CommittedOutputs;
import dev.croupier.drills.verify.Comparison;
import dev.croupier.drills.verify.Expectations;
import dev.croupier.drills.verify.RedisViews;
import dev.croupier.platform.ClockTick;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import redis.clients.jedis.RedisClient;

/**
 * The end of every drill: the jobs catch up with the traffic, then every output is compared with
 * the oracles computed from the traffic's event log.
 */
final class Verification {
  /** The fraud job's documented default {@code fraud.idleness}. */
  static final Duration FRAUD_SOURCE_IDLENESS = Duration.ofSeconds(30);

  /** The fraud job's documented default {@code fraud.redis.recent-alerts}. */
  private static final int RECENT_ALERTS_MAX = 10_000;

  private static final Duration CATCH_UP = Duration.ofMinutes(40);
  private static final Duration VIEWS_SETTLE = Duration.ofSeconds(30);

  private Verification() {}

  /**
   * Waits until every job committed all its input, moves the fraud job's event time past the last
   * events with a clock tick per platform.accounts partition, and lets every job commit twice more.
   */
  static void catchUp(DrillCluster cluster, Deployment deployment, Traffic traffic)
      throws Exception {
    awaitNoLag(cluster, deployment);
    long lastEventAt = traffic.stats().lastEventAt();
    ClockTick.send(cluster.kafka().bootstrapServers(), cluster.registryUrl(), lastEventAt);
    awaitNoLag(cluster, deployment);
    // Other partitions must go idle (the fraud job's default source idleness) before the ticks move
    // its watermark; then every job commits twice, so what it released is committed and in Redis.
    Thread.sleep(FRAUD_SOURCE_IDLENESS.plusSeconds(5).toMillis());
    deployment.awaitCheckpoints(2, Duration.ofMinutes(5));
  }

  private static void awaitNoLag(DrillCluster cluster, Deployment deployment)
      throws InterruptedException {
    try (Admin admin = cluster.admin()) {
      Waits.until(
          "every job caught up with its input",
          CATCH_UP,
          Duration.ofSeconds(1),
          () -> {
            deployment.allRunning(); // fails fast if a job ended
            return JobLag.read(admin, deployment.lineup()).values().stream().allMatch(l -> l == 0);
          },
          () -> {
            try {
              return "lag "
                  + JobLag.read(admin, deployment.lineup())
                  + "\n"
                  + deployment.describe();
            } catch (Exception e) {
              return deployment.describe();
            }
          });
    }
  }

  /** Adds to {@code comparison} every difference between the outputs and the oracles. */
  static void compare(
      Comparison comparison,
      DrillCluster cluster,
      Traffic traffic,
      BalanceSeqWatch watch,
      Predicate<ScenarioLabel> mayBeMissed,
      boolean redisLostData)
      throws Exception {
    Expectations expected =
        Expectations.of(traffic.eventLog(), traffic.groundTruth(), DrillRun.KEY_PREFIX);
    CommittedOutputs committed =
        CommittedOutputs.read(cluster.kafka().bootstrapServers(), cluster.registryUrl());
    comparison
        .alerts(expected.labels(), committed.alerts(), mayBeMissed)
        .changelog(expected.balances(), committed.changelog())
        .deadLetters(expected.deadLetters(), committed.deadLetters())
        .seqWatch(watch.result());
    // The views trail the jobs by a flush: let them settle a little if they differ at first.
    Comparison views = null;
    long deadline = System.nanoTime() + VIEWS_SETTLE.toNanos();
    while (views == null || (!views.differences().isEmpty() && System.nanoTime() < deadline)) {
      if (views != null) {
        Thread.sleep(2_000);
      }
      try (RedisClient client = cluster.redis().newClient()) {
        RedisViews redis = new RedisViews(client, DrillRun.KEY_PREFIX);
        views = new Comparison().balances(expected.balances(), redis.balances());
        if (redisLostData) {
          // Balances come back whole through the re-seed; boards and alert keys only as far as
          // the jobs write them again (docs/operations.md): what is there must be right.
          views
              .boardsAfterLoss(expected.boards(), redis.boards())
              .alertKeysAfterLoss(
                  committed.alerts(), redis.alertsPerUser(), redis.recentAlertIds());
        } else {
          views
              .boards(expected.boards(), redis.boards())
              .alertKeys(
                  committed.alerts(),
                  redis.alertsPerUser(),
                  redis.recentAlertIds(),
                  RECENT_ALERTS_MAX);
        }
      }
    }
    comparison.differences().addAll(views.differences());
    comparison.figures().putAll(views.figures());
  }
}
