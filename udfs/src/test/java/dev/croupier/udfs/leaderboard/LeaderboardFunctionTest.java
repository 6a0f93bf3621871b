package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaderboardFunctionTest {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final Duration LATENESS = Duration.ofMinutes(1);
  static final long LIVE_DELAY = 500;

  static final long DAY_START = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
  static final long HOUR_13 = Instant.parse("2026-11-28T13:00:00Z").toEpochMilli();
  static final long AT_13_05 = Instant.parse("2026-11-28T13:05:00Z").toEpochMilli();
  static final long AT_13_10 = Instant.parse("2026-11-28T13:10:00Z").toEpochMilli();
  static final long AT_13_20 = Instant.parse("2026-11-28T13:20:00Z").toEpochMilli();
  static final long AT_13_30 = Instant.parse("2026-11-28T13:30:00Z").toEpochMilli();
  static final long AT_13_59 = Instant.parse("2026-11-28T13:59:00Z").toEpochMilli();
  static final long AT_14_00_30 = Instant.parse("2026-11-28T14:00:30Z").toEpochMilli();

  /** The first watermark that closes the 13:00 hour: its end − 1 ms + allowed lateness. */
  static final long HOUR_13_CLOSES = HOUR_13 + HOUR - 1 + LATENESS.toMillis();

  static final long AT_15_00 = Instant.parse("2026-11-28T15:00:00Z").toEpochMilli();
  static final long DAY_CLOSES = DAY_START + DAY - 1 + LATENESS.toMillis();
  static final long PREVIOUS_DAY = Instant.parse("2026-11-27T18:00:00Z").toEpochMilli();

  static final long NOW = 1_000;

  private LeaderboardFunction function;
  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, BoardUpdate>
      harness;
  private int eventIds;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness(null);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, BoardUpdate>
      newHarness(OperatorSubtaskState restoreFrom) throws Exception {
    return newHarness(restoreFrom, null);
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, BoardUpdate>
      newHarness(OperatorSubtaskState restoreFrom, StateBackend backend) throws Exception {
    function =
        new LeaderboardFunction(
            LeaderboardWindows.of(List.of(Duration.ofHours(1), Duration.ofDays(1))),
            LATENESS,
            Duration.ofMillis(LIVE_DELAY),
            Topics.BETS.named("staging.bets"),
            Topics.ROUNDS,
            "leaderboard");
    var h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(function),
            BetPlaced::getUserId,
            BetSettled::getUserId,
            Types.STRING);
    if (backend != null) {
      h.setStateBackend(backend);
    }
    h.setup();
    if (restoreFrom != null) {
      h.initializeState(restoreFrom);
    }
    h.open();
    h.setProcessingTime(NOW);
    return h;
  }

  @Test
  void shouldWriteALiveScoreOnceTheDelayHasPassedWhileTheWindowIsOpen() throws Exception {
    // Given a bet of 2.50 on game g1 at 13:05
    placeBet("u1", "g1", 250, AT_13_05);

    // When processing time stays just short of the live-update delay
    harness.setProcessingTime(NOW + LIVE_DELAY - 1);

    // Then nothing is written yet
    assertThat(harness.extractOutputValues()).isEmpty();

    // When the delay has passed (the watermark is still far from the window end)
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then every wagered board of both windows has the live score
    assertThat(scores(harness.extractOutputValues()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "wagered:global:1h:13",
                250L,
                "wagered:game:g1:1h:13",
                250L,
                "wagered:global:1d:0",
                250L,
                "wagered:game:g1:1d:0",
                250L));
    assertThat(harness.extractOutputValues())
        .allSatisfy(
            u -> {
              assertThat(u.finalScore).isFalse();
              assertThat(u.achievedAt).isEqualTo(AT_13_05);
              assertThat(u.userId).isEqualTo("u1");
            });
  }

  @Test
  void shouldCoalesceManyEventsOfOnePlayerIntoOneUpdatePerBoard() throws Exception {
    // Given 20 bets on g1 and 5 on g2 by one player within one live-update delay
    for (int i = 0; i < 20; i++) {
      placeBet("u1", "g1", 100, AT_13_05 + i * 1000L);
    }
    for (int i = 0; i < 5; i++) {
      placeBet("u1", "g2", 100, AT_13_10 + i * 1000L);
    }
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

    // When the delay has passed
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then each board got exactly one update carrying the total
    List<BoardUpdate> out = harness.extractOutputValues();
    assertThat(out).hasSize(6);
    assertThat(scores(out))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "wagered:global:1h:13",
                2500L,
                "wagered:game:g1:1h:13",
                2000L,
                "wagered:game:g2:1h:13",
                500L,
                "wagered:global:1d:0",
                2500L,
                "wagered:game:g1:1d:0",
                2000L,
                "wagered:game:g2:1d:0",
                500L));
  }

  @Test
  void shouldEmitTheFinalScoreWhenTheWindowClosesAndThenDrainAllState() throws Exception {
    // Given a bet whose live update has not been flushed yet
    placeBet("u1", "g1", 250, AT_13_05);

    // When the watermark closes the 13:00 hour
    harness.processBothWatermarks(new Watermark(HOUR_13_CLOSES));

    // Then the hour boards get their final score, the day boards stay open
    List<BoardUpdate> hourFinals = harness.extractOutputValues();
    assertThat(scores(hourFinals))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("wagered:global:1h:13", 250L, "wagered:game:g1:1h:13", 250L));
    assertThat(hourFinals).allMatch(u -> u.finalScore);
    assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
    harness.getOutput().clear();

    // When the live delay passes, then the day boards are written live
    harness.setProcessingTime(NOW + LIVE_DELAY);
    assertThat(scores(harness.extractOutputValues()))
        .containsOnlyKeys("wagered:global:1d:0", "wagered:game:g1:1d:0");
    harness.getOutput().clear();

    // When the day closes, then nothing changed since, so nothing is rewritten, and no state or
    // timer is left
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertDrained();
  }

  @Test
  void shouldDropThePendingFlushWhenTheLastWindowOfAPlayerCloses() throws Exception {
    // Given a bet, not flushed yet
    placeBet("u1", "g1", 250, AT_13_05);

    // When every window closes before the live delay passes
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));

    // Then all four boards got their final score and nothing is left, not even the flush timer
    assertThat(harness.extractOutputValues())
        .hasSize(4)
        .allMatch(u -> u.finalScore && u.cents == 250);
    assertDrained();
  }

  @Test
  void shouldDeadLetterALateEventAndCountItOnlyInTheWindowsStillOpen() throws Exception {
    // Given the watermark has closed the 13:00 hour but not the day
    harness.processBothWatermarks(new Watermark(AT_15_00));

    // When a bet from 13:30 and a settlement from the previous day arrive
    placeBet("u1", "g1", 300, AT_13_30);
    settle("u1", "g1", 100, 900, PREVIOUS_DAY);
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then both are counted as late and dead-lettered with reason late, the event as the value
    assertThat(function.lateEvents()).isEqualTo(2);
    List<DeadLetter> late =
        harness.getSideOutput(DeadLetterOutput.TAG).stream().map(StreamRecord::getValue).toList();
    assertThat(late).extracting(DeadLetter::getReason).containsExactly("late", "late");
    DeadLetter bet = late.get(0);
    assertThat(bet.getJob()).isEqualTo("leaderboard");
    assertThat(bet.getSourceTopic()).isEqualTo("staging.bets");
    assertThat(bet.getDetail()).contains("allowed lateness (PT1M)");
    assertThat(bet.getPartition()).isEqualTo(-1);
    assertThat(bet.getRecordTimestamp()).isNull();
    assertThat(StandardCharsets.UTF_8.decode(bet.getKey()).toString()).isEqualTo("u1");
    assertThat(BetPlaced.getDecoder().decode(bet.getValue()).getOccurredAt())
        .isEqualTo(Instant.ofEpochMilli(AT_13_30));
    assertThat(late.get(1).getSourceTopic()).isEqualTo("platform.rounds");
    assertThat(BetSettled.getDecoder().decode(late.get(1).getValue()).getOccurredAt())
        .isEqualTo(Instant.ofEpochMilli(PREVIOUS_DAY));

    // And the bet still counts on the day boards, the settlement nowhere
    assertThat(scores(harness.extractOutputValues()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("wagered:global:1d:0", 300L, "wagered:game:g1:1d:0", 300L));
  }

  @Test
  void shouldCountAnEventBehindTheWindowEndButWithinTheAllowedLateness() throws Exception {
    // Given the watermark is 30 s past the end of the 13:00 hour (allowed lateness: 1 min)
    harness.processBothWatermarks(new Watermark(AT_14_00_30));

    // When a bet from 13:59 arrives
    placeBet("u1", "g1", 300, AT_13_59);
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then it counts on the hour boards too and is not late
    assertThat(scores(harness.extractOutputValues()))
        .containsKeys("wagered:global:1h:13", "wagered:game:g1:1h:13");
    assertThat(function.lateEvents()).isZero();
  }

  @Test
  void shouldScoreNetWinAndBiggestWinFromSettlements() throws Exception {
    // Given u1 wins 4.00 at 13:10, loses 2.00 at 13:20, pushes at 13:30, and an equal win of 13:05
    // arrives last
    settle("u1", "g1", 100, 500, AT_13_10);
    settle("u1", "g1", 200, 0, AT_13_20);
    settle("u1", "g1", 50, 50, AT_13_30);
    settle("u1", "g1", 100, 500, AT_13_05);
    // And u2 only loses
    settle("u2", "g1", 300, 0, AT_13_10);

    // When the live delay passes
    harness.setProcessingTime(NOW + LIVE_DELAY);
    List<BoardUpdate> out = harness.extractOutputValues();

    // Then net_win sums payout − stake (the push changes nothing), achieved at its latest change
    BoardUpdate u1Net = only(out, "u1", "net_win:global:1h:13");
    assertThat(u1Net.cents).isEqualTo(600);
    assertThat(u1Net.achievedAt).isEqualTo(AT_13_20);
    // And biggest_win keeps the largest win, achieved at the earliest time it was reached
    BoardUpdate u1Biggest = only(out, "u1", "biggest_win:global:1h:13");
    assertThat(u1Biggest.cents).isEqualTo(400);
    assertThat(u1Biggest.achievedAt).isEqualTo(AT_13_05);
    // And a player who never won has a negative net_win and no biggest_win at all
    assertThat(only(out, "u2", "net_win:game:g1:1h:13").cents).isEqualTo(-300);
    assertThat(out).noneMatch(u -> u.userId.equals("u2") && u.cell.metric == Metric.BIGGEST_WIN);
  }

  @Test
  void shouldKeepAClosedWindowClosedAfterARestoreBeforeAnyWatermark() throws Exception {
    // Given a bet at 13:05, the 13:00 hour closed by the watermark, and a checkpoint
    placeBet("u1", "g1", 250, AT_13_05);
    harness.processBothWatermarks(new Watermark(AT_15_00));
    OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
    harness.close();

    // When the job restores (its watermark starts from nothing) and a bet from 13:30 arrives
    harness = newHarness(snapshot);
    placeBet("u1", "g1", 300, AT_13_30);
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then the closed hour is not reopened with the late bet alone: it is late, the day still
    // counts it
    assertThat(function.lateEvents()).isEqualTo(1);
    assertThat(scores(harness.extractOutputValues()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("wagered:global:1d:0", 550L, "wagered:game:g1:1d:0", 550L));

    // And the restored day timer still drains everything
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));
    assertDrained();
  }

  @Test
  void shouldIgnoreEventsThatChangeNoBoard() throws Exception {
    // Given a zero stake and a void bet
    placeBet("u1", "g1", 0, AT_13_05);
    settle("u1", "g1", 100, 100, AT_13_05);

    // When the delay passes, then nothing is written and nothing is kept
    harness.setProcessingTime(NOW + LIVE_DELAY);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertDrained();
  }

  @Test
  void shouldKeepItsStateAsFlinkPojosAndBehaveTheSameOnRocksDb() throws Exception {
    // Given the state and output types are POJOs (no Kryo), and the function runs on RocksDB
    assertThat(TypeInformation.of(BoardCell.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(CellScore.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(BoardUpdate.class)).isInstanceOf(PojoTypeInfo.class);
    harness.close();
    harness = newHarness(null, new EmbeddedRocksDBStateBackend());

    // When bets and an equal win arrive, the live delay passes, and then the day closes
    placeBet("u1", "g1", 100, AT_13_05);
    placeBet("u1", "g1", 200, AT_13_10);
    settle("u1", "g1", 100, 300, AT_13_20);
    settle("u1", "g1", 100, 300, AT_13_10);
    harness.setProcessingTime(NOW + LIVE_DELAY);
    Map<String, Long> live = scores(harness.extractOutputValues());
    harness.getOutput().clear();
    placeBet("u1", "g1", 50, AT_13_30);
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));

    // Then the live scores are the sums and the max, only changed boards are final, and all state
    // is gone
    assertThat(live)
        .containsEntry("wagered:game:g1:1h:13", 300L)
        .containsEntry("net_win:global:1d:0", 400L)
        .containsEntry("biggest_win:global:1h:13", 200L);
    assertThat(harness.extractOutputValues())
        .allMatch(u -> u.finalScore && u.cell.metric == Metric.WAGERED && u.cents == 350);
    assertThat(harness.extractOutputValues()).hasSize(4);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
    for (String state : new String[] {"leaderboard-cells", "leaderboard-flush-at"}) {
      try (var keys =
          harness.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
        assertThat(keys.count()).as(state).isZero();
      }
    }
  }

  private void assertDrained() {
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  private void placeBet(String user, String game, long stake, long at) throws Exception {
    String id = "e" + (++eventIds);
    harness.processElement1(
        new StreamRecord<>(
            BetPlaced.newBuilder()
                .setEventId(id)
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setUserId(user)
                .setBetId("b" + id)
                .setGameId(game)
                .setRoundId("r" + id)
                .setSessionId("s-" + user)
                .setStake(stake)
                .setCurrency("EUR")
                .build(),
            at));
  }

  private void settle(String user, String game, long stake, long payout, long at) throws Exception {
    String id = "e" + (++eventIds);
    BetOutcome outcome =
        payout > stake ? BetOutcome.WIN : payout == stake ? BetOutcome.PUSH : BetOutcome.LOSS;
    harness.processElement2(
        new StreamRecord<>(
            BetSettled.newBuilder()
                .setEventId(id)
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setUserId(user)
                .setBetId("b" + id)
                .setGameId(game)
                .setRoundId("r" + id)
                .setOutcome(outcome)
                .setStake(stake)
                .setPayout(payout)
                .setCurrency("EUR")
                .build(),
            at));
  }

  /**
   * Board name (metric:scope:window:start hour of day) → cents; fails on two updates of one board.
   */
  private static Map<String, Long> scores(List<BoardUpdate> updates) {
    return updates.stream().collect(Collectors.toMap(LeaderboardFunctionTest::board, u -> u.cents));
  }

  private static String board(BoardUpdate u) {
    return u.cell.metric.key()
        + ":"
        + u.cell.scope()
        + ":"
        + LeaderboardWindows.label(u.cell.windowSize)
        + ":"
        + (u.cell.windowStart - DAY_START) / HOUR;
  }

  private static BoardUpdate only(List<BoardUpdate> out, String user, String board) {
    List<BoardUpdate> matching =
        out.stream().filter(u -> u.userId.equals(user) && board(u).equals(board)).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
