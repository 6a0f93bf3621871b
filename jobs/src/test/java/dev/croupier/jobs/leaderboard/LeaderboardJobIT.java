package dev.croupier.jobs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.jobs.common.JobProbe;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.jobs.leaderboard.LeaderboardOracle.Ranked;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.testkit.flink.FailOnceAfterCheckpoint;
import dev.croupier.udfs.leaderboard.LeaderboardScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
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
 *
 * <p>Which events are late must be certain, so a run has two phases: the on-time data is read
 * first; once the job's watermark has closed every window the late events belong to (read from its
 * own metrics) and two more checkpoints have completed (so a restore also starts from there), the
 * late events are produced. The sources are bounded at the offsets of both phases, from the
 * earliest offset whatever the group committed, so the job ends by itself and its final watermark
 * closes every window.
 */
@ExtendWith(SharedServices.class)
class LeaderboardJobIT {
  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      JobFixture.miniCluster(METRICS.addToConfiguration(new Configuration()));

  static final SimulatedBetting DATA = SimulatedBetting.generate(20261128L);
  static final Duration ALLOWED_LATENESS = Duration.ofSeconds(30);
  static final Map<String, String> LEADERBOARD_KEYS =
      Map.of(
          "leaderboard.out-of-orderness",
          "2m",
          "leaderboard.allowed-lateness",
          "30s",
          "leaderboard.live-update-delay",
          "500ms",
          "leaderboard.retention",
          "2d");

  /**
   * The close of the 02:00 hour: every window of the late events (22:xx, 01:xx and day 1 of 28 Nov)
   * closes by then.
   */
  static final long LATE_WINDOWS_CLOSED =
      Instant.parse("2026-11-29T03:00:00Z").toEpochMilli() - 1 + ALLOWED_LATENESS.toMillis();

  static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void shouldWriteEveryBoardAsTheOracleComputesItAndDeadLetterTheLateEvents(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    try (JobFixture run = new JobFixture("leaderboard", kafka, redis, registry)) {
      // Given six hours of on-time play in Kafka, and then the late events
      // When the job has read them all
      JobProbe probe = runInTwoPhases(run, 0);

      // Then every board equals the oracle's, and expires as configured
      Map<String, List<Ranked>> expected = expectedBoards(run.keyPrefix());
      assertBoardsEqual(boards(run), expected);
      assertThat(run.redis().ttl(expected.keySet().iterator().next()))
          .isBetween(Duration.ofDays(2).toSeconds() - 60, Duration.ofDays(2).toSeconds());

      // And every late event was counted once and dead-lettered with reason late
      assertThat(probe.counterSum("leaderboards.*croupier\\.reason\\.late\\.deadLetters"))
          .isEqualTo(lateEventIds().size());
      assertLateDeadLetters(run.committed(Topics.DLQ));
    }
  }

  @Test
  void shouldEndWithIdenticalBoardsWhenTheJobFailsOnceAndRestoresFromACheckpoint(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    try (JobFixture run = new JobFixture("leaderboard-restore", kafka, redis, registry)) {
      // Given the same play, and a job that fails once after a checkpoint and 3,000 bets in a
      // subtask; When it has read everything, restoring once on the way
      JobProbe probe = runInTwoPhases(run, 3_000);

      // Then it did restore, and the boards and late events are exactly those of a failure-free run
      assertThat(probe.restarts()).isGreaterThanOrEqualTo(1);
      assertBoardsEqual(boards(run), expectedBoards(run.keyPrefix()));
      assertLateDeadLetters(run.committed(Topics.DLQ));
    }
  }

  @Test
  void shouldEndWithIdenticalBoardsWhenTheBetsAreReadInBurstsBehindTheSettlements(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    try (JobFixture run = new JobFixture("leaderboard-skewed", kafka, redis, registry)) {
      // Given the same play; When the bets are fetched in bursts 1.5 s apart, the settlements at
      // full speed, and a partition may go idle after 1 s without records
      JobProbe probe = runInTwoPhases(run, 0, true);

      // Then the boards and late events are exactly those of a free run (the oracle's, which the
      // free run equals), without a restart
      assertThat(probe.restarts()).isZero();
      assertBoardsEqual(boards(run), expectedBoards(run.keyPrefix()));
      assertLateDeadLetters(run.committed(Topics.DLQ));
    }
  }

  private static JobProbe runInTwoPhases(JobFixture run, long failAfterBets) throws Exception {
    return runInTwoPhases(run, failAfterBets, false);
  }

  /**
   * With {@code burstyBets} the bets source fetches at most 256 KB per partition every 1.5 s while
   * the settlements read freely, and partitions go idle after 1 s.
   */
  private static JobProbe runInTwoPhases(JobFixture run, long failAfterBets, boolean burstyBets)
      throws Exception {
    Map<String, String> keys = new HashMap<>(LEADERBOARD_KEYS);
    if (burstyBets) {
      keys.put("leaderboard.idleness", "1s");
    }
    LeaderboardJobConfig cfg = LeaderboardJobConfig.from(run.config("leaderboard", keys));
    run.createTopics(List.of(Topics.BETS, Topics.ROUNDS, Topics.DLQ));
    produce(run, DATA.bets(), DATA.settlements());

    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    KafkaIo.Reading reading =
        KafkaIo.Reading.until(OffsetsInitializer.offsets(endOffsets(run)))
            .from(OffsetsInitializer.earliest());
    LeaderboardJob.Sources sources = LeaderboardJob.Sources.of(cfg, reading);
    if (burstyBets) {
      Map<String, String> slow = new HashMap<>(keys);
      slow.put("kafka.properties.fetch.min.bytes", "100000000");
      slow.put("kafka.properties.fetch.max.wait.ms", "1500");
      slow.put("kafka.properties.max.partition.fetch.bytes", "262144");
      LeaderboardJobConfig slowCfg = LeaderboardJobConfig.from(run.config("leaderboard", slow));
      sources =
          new LeaderboardJob.Sources(
              LeaderboardJob.Sources.of(slowCfg, reading).bets(), sources.rounds());
    }
    LeaderboardJob.Inputs in = sources.read(env, cfg);
    if (failAfterBets > 0) {
      in =
          new LeaderboardJob.Inputs(
              in.bets()
                  .map(new FailOnceAfterCheckpoint<>(failAfterBets))
                  .returns(in.bets().getType())
                  .uid("fault-injector")
                  .name("fault injector"),
              in.rounds());
    }
    LeaderboardJob.sinkTo(LeaderboardJob.build(in, cfg), LeaderboardJob.Sinks.of(cfg));
    JobProbe probe = new JobProbe(METRICS, run.start(env).getJobID());

    awaitClosed(probe, LATE_WINDOWS_CLOSED);
    produce(run, DATA.lateBets(), DATA.lateSettlements());
    run.awaitEnd(TIMEOUT);
    return probe;
  }

  private static void produce(JobFixture run, List<BetPlaced> bets, List<BetSettled> settled) {
    bets.forEach(b -> run.produce(Topics.BETS, b.getUserId(), b));
    settled.forEach(s -> run.produce(Topics.ROUNDS, s.getUserId(), s));
    run.flush();
  }

  /**
   * Where each partition will end once both phases are produced (the producer is idempotent, not
   * transactional, so offsets are contiguous).
   */
  private static Map<TopicPartition, Long> endOffsets(JobFixture run) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (List<BetPlaced> list : List.of(DATA.bets(), DATA.lateBets())) {
      list.forEach(b -> count(ends, run.topic(Topics.BETS), b.getUserId()));
    }
    for (List<BetSettled> list : List.of(DATA.settlements(), DATA.lateSettlements())) {
      list.forEach(s -> count(ends, run.topic(Topics.ROUNDS), s.getUserId()));
    }
    return ends;
  }

  private static void count(Map<TopicPartition, Long> ends, String topic, String key) {
    ends.merge(new TopicPartition(topic, JobFixture.partitionOf(key)), 1L, Long::sum);
  }

  /**
   * Waits until the job's watermark has closed every window up to {@code closedUpTo} and two
   * checkpoints followed without a restore in between.
   */
  private static void awaitClosed(JobProbe probe, long closedUpTo) throws InterruptedException {
    while (true) {
      long restarts = probe.restarts();
      JobProbe.await(
          "the watermark to pass " + closedUpTo,
          TIMEOUT,
          () -> probe.inputWatermark("leaderboards", JobFixture.PARTITIONS) >= closedUpTo,
          () ->
              // Flink 2 has no per-input watermark gauge: each input's is its router's output.
              probe.gauges("leaderboards", "currentInputWatermark")
                  + ", "
                  + probe.gauges("bets: route dead letters", "currentOutputWatermark")
                  + ", "
                  + probe.gauges("rounds: route dead letters", "currentOutputWatermark")
                  + " after "
                  + probe.restarts()
                  + " restarts and "
                  + probe.completedCheckpoints()
                  + " checkpoints");
      long checkpoints = probe.completedCheckpoints();
      JobProbe.await(
          "two more checkpoints", TIMEOUT, () -> probe.completedCheckpoints() >= checkpoints + 2);
      if (probe.restarts() == restarts) {
        return; // the latest checkpoint has those windows closed
      }
    }
  }

  /**
   * The oracle's boards: the late events count on no board (docs/leaderboard.md), as each is
   * further behind the newest event of its partition than out-of-orderness plus allowed lateness.
   */
  private static Map<String, List<Ranked>> expectedBoards(String keyPrefix) {
    assertEveryLateEventIsBehindItsPartition();
    return new LeaderboardOracle(keyPrefix, ALLOWED_LATENESS.toMillis())
        .onTime(DATA.bets(), DATA.settlements())
        .boards();
  }

  /** The data's premise, checked rather than assumed. */
  private static void assertEveryLateEventIsBehindItsPartition() {
    long bound = Duration.ofMinutes(2).plus(ALLOWED_LATENESS).toMillis();
    Map<Integer, Long> newestBet = new HashMap<>();
    DATA.bets()
        .forEach(
            b ->
                newestBet.merge(
                    JobFixture.partitionOf(b.getUserId()),
                    b.getOccurredAt().toEpochMilli(),
                    Math::max));
    Map<Integer, Long> newestSettled = new HashMap<>();
    DATA.settlements()
        .forEach(
            s ->
                newestSettled.merge(
                    JobFixture.partitionOf(s.getUserId()),
                    s.getOccurredAt().toEpochMilli(),
                    Math::max));
    DATA.lateBets()
        .forEach(
            b ->
                assertThat(b.getOccurredAt().toEpochMilli())
                    .isLessThan(newestBet.get(JobFixture.partitionOf(b.getUserId())) - bound));
    DATA.lateSettlements()
        .forEach(
            s ->
                assertThat(s.getOccurredAt().toEpochMilli())
                    .isLessThan(newestSettled.get(JobFixture.partitionOf(s.getUserId())) - bound));
  }

  /** Every board under the run's prefix: key → (member, score) in ZREVRANGE order. */
  private static Map<String, List<Tuple>> boards(JobFixture run) {
    Map<String, List<Tuple>> out = new TreeMap<>();
    for (String key : run.redis().keys(run.keyPrefix() + "lb:*")) {
      out.put(key, run.redis().zrevrangeWithScores(key, 0, -1));
    }
    return out;
  }

  private static void assertBoardsEqual(
      Map<String, List<Tuple>> actual, Map<String, List<Ranked>> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    int members = 0;
    int ties = 0;
    for (Map.Entry<String, List<Ranked>> board : expected.entrySet()) {
      List<Ranked> want = board.getValue();
      List<Tuple> got = actual.get(board.getKey());
      assertThat(got)
          .as(board.getKey())
          .extracting(Tuple::getElement)
          .containsExactlyElementsOf(want.stream().map(Ranked::userId).toList());
      assertThat(got)
          .as(board.getKey())
          .extracting(Tuple::getScore)
          .containsExactlyElementsOf(want.stream().map(Ranked::score).toList());
      assertThat(got)
          .as(board.getKey())
          .extracting(t -> LeaderboardScore.cents(t.getScore()))
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
      late.add(
          d.getSourceTopic().endsWith(".bets")
              ? BetPlaced.getDecoder().decode(d.getValue()).getEventId()
              : BetSettled.getDecoder().decode(d.getValue()).getEventId());
    }
    assertThat(late).containsExactlyInAnyOrderElementsOf(lateEventIds());
  }

  /** Every late event, whether or not it would have changed a board: each is a dead letter. */
  private static List<String> lateEventIds() {
    return Stream.concat(
            DATA.lateBets().stream().map(BetPlaced::getEventId),
            DATA.lateSettlements().stream().map(BetSettled::getEventId))
        .toList();
  }
}
