package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceOracle.Expected;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.testkit.flink.FailAfterEachCheckpoint;
import dev.croupier.udfs.config.RuntimeSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The restart policy of every job (exponential delay, reset after calm running), on the balance job
 * with the real test kit: 20 failures within minutes (twice the old fixed budget of 10) do not end
 * it and exactly-once still holds; failures spaced by calm running never add up; a crash loop still
 * ends the job once its attempts run out. Delays are shortened, budgets are not.
 */
@ExtendWith(SharedServices.class)
class RestartPolicyIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(300);

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(longExceptionHistory());

  private static Configuration longExceptionHistory() {
    Configuration conf = new Configuration();
    conf.set(WebOptions.MAX_EXCEPTION_HISTORY_SIZE, 64);
    return conf;
  }

  @Test
  void shouldSurviveTwentyFailuresWithinMinutesWithTheDefaultBudget(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    List<Delivery> traffic = BalanceTraffic.generate(20260304L, 1_000, 60, 0.05, 0.01);
    Map<String, Expected> expected = BalanceOracle.of(traffic);
    // The default attempts and reset, only shorter delays
    Map<String, String> policy = new HashMap<>();
    policy.put("job.restart-attempts", String.valueOf(RuntimeSettings.DEFAULT_RESTART_ATTEMPTS));
    policy.put("job.restart-delay", "100ms");
    policy.put("job.restart-max-delay", "500ms");
    assertThat(RuntimeSettings.DEFAULT_RESTART_ATTEMPTS).isGreaterThan(20);
    try (JobFixture fixture = new JobFixture("restart-20", kafka, redis, registry)) {
      BalanceRun run = new BalanceRun(fixture, policy);
      // Given the balance job failing after a checkpoint in each of its first 20 attempts
      JobClient job =
          run.startOnHalves(
              traffic,
              payments -> payments.map(new FailAfterEachCheckpoint<>(20)).name("fail 20 times"),
              TIMEOUT);

      // When it has restarted through all of them
      JobRest rest = awaitFailures(job, 20);

      // Then it runs on, and its views equal the oracle
      try (RedisClient c = redis.newClient()) {
        BalanceViews.assertReachTheOracle(run, c, expected, TIMEOUT);
      }
      assertThat(rest.failures()).hasSize(20).allMatch(f -> f.contains("Injected failure"));
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }
  }

  @Test
  void shouldForgetFailuresSpacedByCalmRunning(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    List<Delivery> traffic = BalanceTraffic.generate(20260305L, 200, 40, 0.0, 0.0);
    Map<String, String> policy =
        Map.of(
            "job.restart-attempts", "2",
            "job.restart-delay", "100ms",
            "job.restart-max-delay", "200ms",
            "job.restart-reset-after", "2s");
    try (JobFixture fixture = new JobFixture("restart-calm", kafka, redis, registry)) {
      BalanceRun run = new BalanceRun(fixture, policy);
      // Given a budget of 2 restarts, reset by 2 s of calm, and 5 failures each 3 s after a start
      JobClient job =
          run.startOnHalves(
              traffic,
              payments ->
                  payments
                      .map(new FailAfterEachCheckpoint<>(5, Duration.ofSeconds(3)))
                      .name("fail 5 times after calm"),
              TIMEOUT);

      // When all five have happened, Then the job still runs: calm running reset the budget
      JobRest rest = awaitFailures(job, 5);
      assertThat(rest.failures()).hasSize(5);
      Thread.sleep(4_000);
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }
  }

  @Test
  void shouldEndACrashLoopOnceItsAttemptsRunOut(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    List<Delivery> traffic = BalanceTraffic.generate(20260306L, 200, 40, 0.0, 0.0);
    Map<String, String> policy =
        Map.of(
            "job.restart-attempts", "3",
            "job.restart-delay", "100ms",
            "job.restart-max-delay", "200ms");
    try (JobFixture fixture = new JobFixture("crash-loop", kafka, redis, registry)) {
      BalanceRun run = new BalanceRun(fixture, policy);
      // Given a job that fails after the first checkpoint of every attempt (a deterministic bug)
      JobClient job =
          run.startOnHalves(
              traffic,
              payments -> payments.map(new FailAfterEachCheckpoint<>(1_000)).name("crash loop"),
              TIMEOUT);

      // When it keeps failing, Then it ends FAILED after 3 restarts: the crash loop surfaces
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FAILED);
      List<String> failures =
          new JobRest(FLINK.getClientConfiguration(), job.getJobID()).failures();
      assertThat(failures).hasSize(4);
      assertThat(failures.get(0))
          .contains("Recovery is suppressed")
          .contains("attemptsBeforeResetBackoff=3");
      assertThat(failures.subList(1, 4)).allMatch(f -> f.contains("Injected failure"));
    }
  }

  /** Waits until the job has gone through {@code failures} failures, never ending FAILED. */
  private static JobRest awaitFailures(JobClient job, int failures) throws Exception {
    JobRest rest = new JobRest(FLINK.getClientConfiguration(), job.getJobID());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (rest.failures().size() < failures && System.nanoTime() < deadline) {
      assertThat(job.getJobStatus().get()).isNotEqualTo(JobStatus.FAILED);
      Thread.sleep(500);
    }
    return rest;
  }
}
