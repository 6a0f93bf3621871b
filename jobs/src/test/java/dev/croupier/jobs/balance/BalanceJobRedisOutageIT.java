package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceOracle.Expected;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.balance.BalanceRestore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The balance job while its Redis goes away, on the real test kit (Kafka, Apicurio, a redis-server
 * of each test's own, MiniCluster at parallelism 2): Redis restarted with its data, restarted empty
 * (then re-seeded from the changelog), and every connection killed 20 times plus a pause past the
 * time-out. Each time the job keeps RUNNING without a single failover, and the views end equal to
 * the oracle.
 */
@ExtendWith(SharedServices.class)
class BalanceJobRedisOutageIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(150);
  private static final Duration OUTAGE = Duration.ofSeconds(3);

  /** Players 0..99 keep playing after the outage; the others have finished before it. */
  private static final int STILL_PLAYING = 100;

  /** A 1 s time-out, so a 3 s pause is well past it; retries at most every 500 ms. */
  private static final Map<String, String> OUTAGE_CONFIG =
      Map.of("redis.timeout", "1s", "redis.retry-max-backoff", "500ms");

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(JobRest.freshMetrics());

  private final ExecutorService chaos = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopChaos() throws InterruptedException {
    chaos.shutdownNow();
    chaos.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void shouldKeepRunningThroughARedisRestartThatKeepsItsData(
      KafkaBroker kafka, ApicurioRegistry registry) throws Exception {
    try (RedisServer redis = RedisServer.startPersistent()) {
      Outcome o = runThroughARedisRestart("restart-kept", kafka, registry, redis, true);

      // Then every player's hash equals the oracle without any re-seed, and Redis kept its marker
      assertThat(o.mismatchesBeforeRestore).isEmpty();
      assertThat(o.dataLossDetected).isZero();
    }
  }

  @Test
  void shouldKeepRunningThroughARedisThatComesBackEmptyAndBeReseededFromTheChangelog(
      KafkaBroker kafka, ApicurioRegistry registry) throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      Outcome o = runThroughARedisRestart("restart-empty", kafka, registry, redis, false);

      // Then exactly the players who had finished before the crash are missing, the writers
      // noticed, and the restore from the changelog brings every hash back to the oracle
      assertThat(o.mismatchesBeforeRestore)
          .containsExactlyInAnyOrderElementsOf(finishedPlayers(o.expected));
      assertThat(o.dataLossDetected).isGreaterThanOrEqualTo(1);
      assertThat(o.restore.hashesWritten())
          .isGreaterThanOrEqualTo(o.mismatchesBeforeRestore.size());
      assertThat(o.restore.undecodable()).isZero();
      try (RedisClient c = redis.newClient()) {
        assertThat(BalanceViews.redisMismatches(o.run, c, o.expected)).isEmpty();
      }
    }
  }

  @Test
  void shouldNeitherStallNorLoseAWriteWhenConnectionsAreKilledAndRedisPausesPastTheTimeOut(
      KafkaBroker kafka, ApicurioRegistry registry) throws Exception {
    List<Delivery> traffic = BalanceTraffic.generate(20260303L, 1_000, 60, 0.05, 0.01);
    Map<String, Expected> expected = BalanceOracle.of(traffic);
    try (RedisServer redis = RedisServer.start();
        JobFixture fixture = new JobFixture("client-kill", kafka, redis, registry)) {
      BalanceRun run = new BalanceRun(fixture, OUTAGE_CONFIG);
      // Given the job running on the first tenth of the traffic
      int tenth = traffic.size() / 10;
      JobClient job = run.startOnHalves(traffic.subList(0, tenth), null, TIMEOUT);

      // When the rest arrives over ~6 s while every Redis connection is killed 20 times, then
      // Redis pauses all clients for 10 s (the time-out is 1 s)
      Future<?> feeder =
          chaos.submit(
              () -> {
                List<Delivery> rest = traffic.subList(tenth, traffic.size());
                int chunk = rest.size() / 40 + 1;
                for (int i = 0; i < rest.size(); i += chunk) {
                  run.produce(rest.subList(i, Math.min(rest.size(), i + chunk)));
                  Thread.sleep(150);
                }
                return null;
              });
      Future<?> faults =
          chaos.submit(
              () -> {
                try (RedisClient admin = redis.newClient()) {
                  for (int i = 0; i < 20; i++) {
                    admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal");
                    Thread.sleep(200);
                  }
                  admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", "10000", "ALL");
                }
                return null;
              });
      faults.get(60, TimeUnit.SECONDS);
      feeder.get(60, TimeUnit.SECONDS);

      // Then the job catches up: the changelog and every Redis hash equal the oracle
      try (RedisClient c = redis.newClient()) {
        BalanceViews.assertReachTheOracle(run, c, expected, TIMEOUT);
      }
      // and it never failed over, while the faults really hit its writers
      JobRest rest = new JobRest(FLINK.getClientConfiguration(), job.getJobID());
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      assertThat(rest.failures()).isEmpty();
      long retries = rest.metricSum("croupier.redis.retries");
      long blockedMs = rest.metricSum("croupier.redis.blockedMs");
      System.out.printf(
          "client-kill: retries %d, outages %d, blocked %d ms%n",
          retries, rest.metricSum("croupier.redis.outages"), blockedMs);
      assertThat(retries).isGreaterThanOrEqualTo(10);
      assertThat(blockedMs).as("writers blocked through the pause").isGreaterThan(5_000);
    }
  }

  /** What a run through a Redis restart left behind. */
  private record Outcome(
      BalanceRun run,
      Map<String, Expected> expected,
      List<String> mismatchesBeforeRestore,
      long dataLossDetected,
      BalanceRestore.Result restore) {}

  /**
   * Given the job has written wave A (every player), When Redis goes down while the job writes wave
   * B (players 0..99 only) and comes back after 3 s, and wave C follows, Then the job is RUNNING
   * without a failover and the changelog equals the oracle. Returns the Redis hashes that differ
   * from the oracle before a restore, and what a restore then did.
   */
  private Outcome runThroughARedisRestart(
      String name,
      KafkaBroker kafka,
      ApicurioRegistry registry,
      RedisServer redis,
      boolean keepData)
      throws Exception {
    List<Delivery> traffic = BalanceTraffic.generate(20260302L, 1_000, 60, 0.05, 0.01);
    Map<String, Expected> expected = BalanceOracle.of(traffic);
    List<List<Delivery>> waves = waves(traffic);
    try (JobFixture fixture = new JobFixture(name, kafka, redis, registry)) {
      BalanceRun run = new BalanceRun(fixture, OUTAGE_CONFIG);
      JobClient job;
      try (RedisClient c = redis.newClient()) {
        // Given every player's balance after wave A in Redis
        Map<String, Expected> afterWaveA = BalanceOracle.of(waves.get(0));
        job = run.startOnHalves(waves.get(0), null, TIMEOUT);
        assertThat(poll(() -> BalanceViews.redisMismatches(run, c, afterWaveA).isEmpty(), TIMEOUT))
            .as("Redis holds every player's balance after wave A")
            .isTrue();

        // When Redis goes down while the job writes wave B, and comes back 3 s later
        run.produce(waves.get(1));
        if (keepData) {
          redis.stop();
        } else {
          redis.kill();
        }
        Thread.sleep(OUTAGE.toMillis());
        redis.restart();
        run.produce(waves.get(2));
      }

      // Then the job caught up and committed the oracle's changelog, without a single failover
      try (RedisClient c = redis.newClient()) {
        Map<String, Expected> playing = new HashMap<>(expected);
        finishedPlayers(expected).forEach(playing::remove);
        assertThat(
                run.out.pollUntil(
                    () ->
                        BalanceViews.changelogReached(run, expected)
                            && BalanceViews.redisMismatches(run, c, playing).isEmpty(),
                    TIMEOUT))
            .as("changelog, and Redis for the players still playing, reached the oracle")
            .isTrue();
        assertThat(BalanceViews.changelogMismatches(run, expected)).isEmpty();
        JobRest rest = new JobRest(FLINK.getClientConfiguration(), job.getJobID());
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(rest.failures()).isEmpty();
        assertThat(rest.metricSum("croupier.redis.outages")).isGreaterThanOrEqualTo(1);
        List<String> before = BalanceViews.redisMismatches(run, c, expected);
        long dataLoss = rest.metricSum("croupier.redis.dataLossDetected");
        System.out.printf(
            "%s: outages %d, retries %d, blocked %d ms, data loss %d, mismatches %d%n",
            name,
            rest.metricSum("croupier.redis.outages"),
            rest.metricSum("croupier.redis.retries"),
            rest.metricSum("croupier.redis.blockedMs"),
            dataLoss,
            before.size());

        // (re-seed from the changelog: a no-op where nothing was lost)
        BalanceRestore.Result restore = RestoreBalances.run(run.cfg);
        return new Outcome(run, expected, before, dataLoss, restore);
      }
    }
  }

  /** Players who have no event after wave A. */
  private static List<String> finishedPlayers(Map<String, Expected> expected) {
    return expected.keySet().stream().filter(u -> player(u) >= STILL_PLAYING).toList();
  }

  private static int player(String userId) {
    return Integer.parseInt(userId.substring(userId.indexOf('-') + 1));
  }

  /**
   * Wave A: every delivery of players 100 and up, and the first third of each other player's; wave
   * B the second third, wave C the rest. Each player's deliveries keep their order.
   */
  private static List<List<Delivery>> waves(List<Delivery> traffic) {
    Map<String, Integer> total = new HashMap<>();
    traffic.forEach(d -> total.merge(d.key(), 1, Integer::sum));
    Map<String, Integer> seen = new HashMap<>();
    List<List<Delivery>> waves = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Delivery d : traffic) {
      int i = seen.merge(d.key(), 1, Integer::sum);
      int n = total.get(d.key());
      int wave = player(d.key()) >= STILL_PLAYING ? 0 : i * 3 <= n ? 0 : i * 3 <= 2 * n ? 1 : 2;
      waves.get(wave).add(d);
    }
    return waves;
  }

  private static boolean poll(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return done.getAsBoolean();
  }
}
