package dev.croupier.jobs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.leaderboard.LeaderboardOracle.Ranked;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.leaderboard.LeaderboardScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.resps.Tuple;

/**
 * The leaderboard job end to end on real Kafka, Apicurio and Redis in a MiniCluster at parallelism
 * 2: 100,000 bets and settlements of 1,000 players on 20 games over six simulated hours, out of
 * order within the bound, then 200 events far behind the watermark. Every board in Redis must equal
 * the plain-Java oracle (members, scores bit for bit, order with ties), the late events must be
 * counted and dead-lettered, and a run that fails once after a checkpoint must end identically.
 */
@ExtendWith(SharedServices.class)
class LeaderboardJobIT {
  static final InMemoryReporter METRICS = LeaderboardRun.reporter();

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(METRICS.addToConfiguration(new Configuration()))
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  static final SimulatedBetting DATA = SimulatedBetting.generate(20261128L);
  static final Duration ALLOWED_LATENESS = Duration.ofSeconds(30);
  static final Map<String, String> LEADERBOARD_KEYS = Map.of(
      "leaderboard.out-of-orderness", "2m", "leaderboard.allowed-lateness", "30s",
      "leaderboard.live-update-delay", "500ms", "leaderboard.retention", "2d");
  /** The close of the 02:00 hour: every window of the late events (22:xx, 01:xx and day 1 of 28 Nov) closes by then. */
  static final long LATE_WINDOWS_CLOSED =
      Instant.parse("2026-11-29T03:00:00Z").toEpochMilli() - 1 + ALLOWED_LATENESS.toMillis();
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void shouldWriteEveryBoardAsTheOracleComputesItAndDeadLetterTheLateEvents(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    // Given six hours of on-time play in Kafka, and then the late events
    LeaderboardRun run = new LeaderboardRun("lbit", kafka, registry, redis, LEADERBOARD_KEYS);

    // When the job has read them all
    JobProbe probe = runInTwoPhases(run, 0);

    // Then every board equals the oracle's, and expires as configured
    Map<String, List<Ranked>> expected = expectedBoards(run.keyPrefix);
    assertBoardsEqual(run.boards(), expected);
    assertThat(run.ttlSeconds(expected.keySet().iterator().next()))
        .isBetween(Duration.ofDays(2).toSeconds() - 60, Duration.ofDays(2).toSeconds());

    // And every late event was counted once and dead-lettered with reason late
    assertThat(probe.counterSum("leaderboards.*croupier\\.reason\\.late\\.deadLetters")).isEqualTo(lateEventIds().size());
    assertLateDeadLetters(run.deadLetters());
  }

  @Test
  void shouldEndWithIdenticalBoardsWhenTheJobFailsOnceAndRestoresFromACheckpoint(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    // Given the same play, and a job that fails once after a checkpoint and 3,000 bets in a subtask
    LeaderboardRun run = new LeaderboardRun("lbit-restore", kafka, registry, redis, LEADERBOARD_KEYS);

    // When it has read everything, restoring once on the way
    JobProbe probe = runInTwoPhases(run, 3_000);

    // Then it did restore, and the boards and late events are exactly those of a failure-free run
    assertThat(probe.restarts()).isGreaterThanOrEqualTo(1);
    assertBoardsEqual(run.boards(), expectedBoards(run.keyPrefix));
    assertLateDeadLetters(run.deadLetters());
  }

  private static JobProbe runInTwoPhases(LeaderboardRun run, long failAfterBets) throws Exception {
    run.produce(DATA.bets(), DATA.settlements());
    JobClient job = run.start(run.endOffsets(DATA), failAfterBets);
    JobProbe probe = new JobProbe(METRICS, job.getJobID());
    run.awaitClosed(probe, LATE_WINDOWS_CLOSED, TIMEOUT);
    run.produce(DATA.lateBets(), DATA.lateSettlements());
    job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return probe;
  }

  private static Map<String, List<Ranked>> expectedBoards(String keyPrefix) {
    return new LeaderboardOracle(keyPrefix, ALLOWED_LATENESS.toMillis())
        .onTime(DATA.bets(), DATA.settlements())
        .arrive(DATA.lateBets(), DATA.lateSettlements(), LATE_WINDOWS_CLOSED)
        .boards();
  }

  private static void assertBoardsEqual(Map<String, List<Tuple>> actual, Map<String, List<Ranked>> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    int members = 0;
    int ties = 0;
    for (Map.Entry<String, List<Ranked>> board : expected.entrySet()) {
      List<Ranked> want = board.getValue();
      List<Tuple> got = actual.get(board.getKey());
      assertThat(got).as(board.getKey()).extracting(Tuple::getElement)
          .containsExactlyElementsOf(want.stream().map(Ranked::userId).toList());
      assertThat(got).as(board.getKey()).extracting(Tuple::getScore)
          .containsExactlyElementsOf(want.stream().map(Ranked::score).toList());
      assertThat(got).as(board.getKey()).extracting(t -> LeaderboardScore.cents(t.getScore()))
          .containsExactlyElementsOf(want.stream().map(Ranked::cents).toList());
      members += want.size();
      for (int i = 1; i < want.size(); i++) {
        ties += want.get(i).cents() == want.get(i - 1).cents() ? 1 : 0;
      }
    }
    // The data is meant to exercise ranking among equal amounts; make sure it does.
    assertThat(expected).hasSizeGreaterThan(400);
    assertThat(members).isGreaterThan(50_000);
    assertThat(ties).isGreaterThan(1_000);
  }

  private static void assertLateDeadLetters(List<DeadLetter> deadLetters) throws Exception {
    List<String> late = new ArrayList<>();
    for (DeadLetter d : deadLetters) {
      assertThat(d.getReason()).isEqualTo("late");
      assertThat(d.getJob()).isEqualTo("leaderboard");
      late.add(d.getSourceTopic().endsWith(".bets")
          ? BetPlaced.getDecoder().decode(d.getValue()).getEventId()
          : BetSettled.getDecoder().decode(d.getValue()).getEventId());
    }
    assertThat(late).containsExactlyInAnyOrderElementsOf(lateEventIds());
  }

  /** The late events that change a board (a push or a void changes none, so it is not late anywhere). */
  private static List<String> lateEventIds() {
    return Stream.concat(
        DATA.lateBets().stream().filter(b -> b.getStake() != 0).map(BetPlaced::getEventId),
        DATA.lateSettlements().stream().filter(s -> s.getPayout() != s.getStake()).map(BetSettled::getEventId))
        .toList();
  }
}
