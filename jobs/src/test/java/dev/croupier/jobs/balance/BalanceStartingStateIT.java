package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.jobs.balance.BalanceOracle.Expected;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * A balance job cancelled and started again without a savepoint: it refuses to resume from the
 * committed offsets with empty state (which would freeze its Redis balances), and with {@code
 * balance.start-without-state=replay-from-earliest} rebuilds every balance (real Kafka, Redis,
 * registry).
 */
@ExtendWith(SharedServices.class)
class BalanceStartingStateIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(150);

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  @Test
  void shouldRefuseAStartWithoutStateAfterAnEarlierRunAndRebuildOnAReplay(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    List<Delivery> traffic = BalanceTraffic.generate(20260304L, 800, 50, 0.05, 0.01);
    int half = traffic.size() / 2;
    Map<String, Expected> afterFirstHalf = BalanceOracle.of(traffic.subList(0, half));
    Map<String, Expected> expected = BalanceOracle.of(traffic);
    try (JobFixture fixture = new JobFixture("starting-state", kafka, redis, registry);
        RedisClient c = redis.newClient()) {
      // Given a first run (a fresh group: the check lets it start) that applied the first half and
      // committed its offsets, then was cancelled without a savepoint
      BalanceRun first = new BalanceRun(fixture, Map.of());
      first.produce(traffic.subList(0, half));
      JobClient job = first.start(first.environment(), null);
      BalanceViews.assertReachTheOracle(first, c, afterFirstHalf, TIMEOUT);
      assertThat(
              first.out.pollUntil(
                  () -> !StartingState.committedOffsets(first.cfg).isEmpty(), TIMEOUT))
          .as("the group committed offsets")
          .isTrue();
      job.cancel().get();

      // When it is started again without state, then it refuses, naming the group and the choices
      assertThatThrownBy(() -> first.start(first.environment(), null))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("starts without state")
          .hasMessageContaining("'it-starting-state'")
          .hasMessageContaining("flink run -s")
          .hasMessageContaining("--balance.start-without-state=replay-from-earliest")
          .hasMessageContaining("--kafka.group-id");
      // while a start from a savepoint or retained checkpoint passes the check
      Configuration fromSavepoint = new Configuration();
      fromSavepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///checkpoints/chk-7");
      assertThat(StartingState.check(first.cfg, fromSavepoint)).as("read from earliest").isFalse();

      // When it is started with replay-from-earliest, and the second half arrives
      BalanceRun replay =
          new BalanceRun(fixture, Map.of("balance.start-without-state", "replay-from-earliest"));
      replay.start(replay.environment(), null);
      replay.produce(traffic.subList(half, traffic.size()));

      // Then Redis and the changelog hold every player's balance as the oracle computes it
      BalanceViews.assertReachTheOracle(replay, c, expected, TIMEOUT);
    }
  }
}
