package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.LateEvents;
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
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

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
    return newHarness(restoreFrom, backend, LATENESS);
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, BetPlaced, BetSettled, BoardUpdate>
      newHarness(OperatorSubtaskState restoreFrom, StateBackend backend, Duration lateness)
          throws Exception {
    function =
        new LeaderboardFunction(
            LeaderboardWindows.of(List.of(Duration.ofHours(1), Duration.ofDays(1))),
            lateness,
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
  void shouldDeadLetterAnEventThatMissedAClosedWindowAndCountItNowhere() throws Exception {
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

    // And a late event counts on no board, not even the day still open: processed or
    // dead-lettered, never half of each
    assertThat(harness.extractOutputValues()).isEmpty();
    assertDrained();
  }

  @Test
  void shouldDeadLetterAnEventTheSourceMarkedLateWhateverTheWatermark() throws Exception {
    // Given no watermark yet (a job just started or restored)
    // When a bet the decode step found behind its partition's event time arrives
    harness.processElement1(new StreamRecord<>(bet("u1", "g1", 300, AT_13_30), LateEvents.MARK));
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then it is late, counted nowhere and keeps nothing
    assertThat(function.lateEvents()).isEqualTo(1);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertDrained();
  }

  @Test
  void shouldDrainCellsRestoredUnderALongerAllowedLateness() throws Exception {
    // Given a bet whose windows' close timers were set under an allowed lateness of 1 min
    placeBet("u1", "g1", 250, AT_13_05);
    OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
    harness.close();

    // When the job is restored with 10 min, and the watermark passes every close time
    Duration longer = Duration.ofMinutes(10);
    harness = newHarness(snapshot, null, longer);
    harness.processBothWatermarks(new Watermark(HOUR_13_CLOSES));
    assertThat(harness.extractOutputValues()).isEmpty(); // the old close: not yet under 10 min
    harness.processBothWatermarks(new Watermark(DAY_START + DAY - 1 + longer.toMillis()));

    // Then every board got its final score and no state or timer is left behind
    assertThat(harness.extractOutputValues())
        .hasSize(4)
        .allMatch(u -> u.finalScore && u.cents == 250);
    assertDrained();
  }

  @Test
  void shouldDrainCellsRestoredUnderAShorterAllowedLateness() throws Exception {
    placeBet("u1", "g1", 250, AT_13_05);
    OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
    harness.close();

    harness = newHarness(snapshot, null, Duration.ZERO);
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));

    assertThat(harness.extractOutputValues()).hasSize(4).allMatch(u -> u.finalScore);
    assertDrained();
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

    // Then the closed hour is not reopened with the late bet alone: it is late and counts nowhere
    assertThat(function.lateEvents()).isEqualTo(1);
    assertThat(scores(harness.extractOutputValues()))
        .doesNotContainKey("wagered:global:1h:13")
        .doesNotContainValue(550L);

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
    assertThat(TypeInformation.of(PlayerCells.class)).isInstanceOf(PojoTypeInfo.class);
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
    for (String state :
        new String[] {
          LeaderboardFunction.CELLS_STATE,
          LeaderboardFunction.LEGACY_CELLS_STATE,
          LeaderboardFunction.LEGACY_FLUSH_AT_STATE
        }) {
      try (var keys =
          harness.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
        assertThat(keys.count()).as(state).isZero();
      }
    }
  }

  @Test
  void shouldCarryOnFromTheCellsOfASavepointOfTheEarlierMapLayout() throws Exception {
    // Given a savepoint of the earlier layout: u1 has 2.50 wagered on g1 at 13:05, in a map per
    // player with a pending live flush and the windows' close timers, as earlier versions kept it
    harness.close();
    var legacy =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new EarlierLayout(250, AT_13_05)),
            BetPlaced::getUserId,
            BetSettled::getUserId,
            Types.STRING);
    legacy.setup();
    legacy.open();
    legacy.setProcessingTime(NOW);
    legacy.processElement1(new StreamRecord<>(bet("u1", "g1", 0, AT_13_05), AT_13_05));
    OperatorSubtaskState snapshot = legacy.snapshot(1L, NOW);
    legacy.close();

    // When this version restores it and u1 bets 1.00 more at 13:10
    harness = newHarness(snapshot);
    placeBet("u1", "g1", 100, AT_13_10);
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then the live scores carry on from the restored ones, achieved at the latest bet
    List<BoardUpdate> live = harness.extractOutputValues();
    assertThat(scores(live))
        .containsEntry("wagered:game:g1:1h:13", 350L)
        .containsEntry("wagered:global:1h:13", 350L)
        .containsEntry("wagered:global:1d:0", 350L)
        .hasSize(4);
    assertThat(live).allMatch(u -> u.achievedAt == AT_13_10 && !u.finalScore);
    assertThat(live).allMatch(u -> u.version == 1); // moved over at 0, then one bet
    harness.getOutput().clear();

    // And the restored close timers still close every window, and nothing is left in any layout
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));
    assertThat(harness.extractOutputValues()).isEmpty(); // nothing changed since the live flush
    assertDrained();
  }

  @Test
  void shouldFlushAndCloseCellsOfTheEarlierLayoutThatSeeNoNewEvent() throws Exception {
    // Given the same savepoint of the earlier layout, with the live flush still pending
    harness.close();
    var legacy =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new EarlierLayout(250, AT_13_05)),
            BetPlaced::getUserId,
            BetSettled::getUserId,
            Types.STRING);
    legacy.setup();
    legacy.open();
    legacy.setProcessingTime(NOW);
    legacy.processElement1(new StreamRecord<>(bet("u1", "g1", 0, AT_13_05), AT_13_05));
    OperatorSubtaskState snapshot = legacy.snapshot(1L, NOW);
    legacy.close();

    // When this version restores it and only time passes
    harness = newHarness(snapshot);
    harness.setProcessingTime(NOW + LIVE_DELAY);

    // Then the pending flush writes the restored scores, and the windows close and drain
    assertThat(scores(harness.extractOutputValues()))
        .containsEntry("wagered:game:g1:1h:13", 250L)
        .containsEntry("wagered:global:1d:0", 250L)
        .hasSize(4);
    harness.getOutput().clear();
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertDrained();
  }

  @Test
  void shouldCountEveryChangeOfACellAsItsVersionAcrossFlushes() throws Exception {
    // Given u1 wins 4.00 and loses 2.00 on g1, pushes once, and wins 1.00 on g2, in one flush
    settle("u1", "g1", 100, 500, AT_13_10);
    settle("u1", "g1", 200, 0, AT_13_20);
    settle("u1", "g1", 50, 50, AT_13_30);
    settle("u1", "g2", 100, 200, AT_13_05);
    harness.setProcessingTime(NOW + LIVE_DELAY);
    List<BoardUpdate> first = harness.extractOutputValues();
    harness.getOutput().clear();

    // Then each update carries how many events changed its cell: the push changed nothing
    assertThat(versions(first))
        .containsEntry("net_win:game:g1:1h:13", 2L)
        .containsEntry("net_win:game:g2:1h:13", 1L)
        .containsEntry("net_win:global:1h:13", 3L)
        .containsEntry("net_win:global:1d:0", 3L)
        .containsEntry("biggest_win:game:g1:1h:13", 1L) // the 2.00 loss is no new maximum
        .containsEntry("biggest_win:global:1h:13", 1L); // nor is the 1.00 win after the 4.00

    // When one more loss on g1 arrives, is flushed, and the day closes
    settle("u1", "g1", 300, 0, AT_13_30);
    harness.setProcessingTime(NOW + 2 * LIVE_DELAY);
    List<BoardUpdate> second = harness.extractOutputValues();
    harness.getOutput().clear();
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));

    // Then the versions of the changed cells grew by one, and the final scores carry them too
    assertThat(versions(second))
        .containsOnly(
            Map.entry("net_win:game:g1:1h:13", 3L),
            Map.entry("net_win:global:1h:13", 4L),
            Map.entry("net_win:game:g1:1d:0", 3L),
            Map.entry("net_win:global:1d:0", 4L));
    assertThat(harness.extractOutputValues()).isEmpty(); // nothing changed since: no final write
    assertDrained();
  }

  @Test
  void shouldKeepCountingAfterARestoreFromTheVersionsOfTheCheckpoint() throws Exception {
    // Given two wins of u1 flushed, a third not yet, and a checkpoint
    settle("u1", "g1", 100, 500, AT_13_10);
    settle("u1", "g1", 100, 500, AT_13_20);
    harness.setProcessingTime(NOW + LIVE_DELAY);
    settle("u1", "g1", 100, 500, AT_13_30);
    OperatorSubtaskState snapshot = harness.snapshot(1L, NOW + LIVE_DELAY);
    harness.close();

    // When the job restores and replays the third win (the events after the checkpoint)
    harness = newHarness(snapshot);
    settle("u1", "g1", 100, 500, AT_13_30);
    harness.setProcessingTime(NOW + 2 * LIVE_DELAY);

    // Then the pending flush and the replay continue the count where the checkpoint left it
    BoardUpdate net = only(harness.extractOutputValues(), "u1", "net_win:game:g1:1h:13");
    assertThat(net.version).isEqualTo(4);
    assertThat(net.cents).isEqualTo(1600);
  }

  @Test
  void shouldRestoreCellsOfASavepointWithoutVersionsAtVersionZero() throws Exception {
    // Given a savepoint of the layout before versions (see CELLS_WITHOUT_VERSIONS): u1's net_win
    // is 4.00 on g1, not flushed since the last win, and wagered 2.50, flushed
    harness.close();
    harness =
        newHarness(
            OperatorSnapshotUtil.readStateHandle(
                LeaderboardFunctionTest.class.getResource(CELLS_WITHOUT_VERSIONS).getPath()));

    // When its pending live flush fires
    harness.setProcessingTime(NOW + 2 * LIVE_DELAY);

    // Then the restored scores are written at version 0 (the events counted before are unknown)
    List<BoardUpdate> restored = harness.extractOutputValues();
    assertThat(scores(restored))
        .containsOnly(
            Map.entry("net_win:game:g1:1h:13", 400L),
            Map.entry("net_win:global:1h:13", 400L),
            Map.entry("net_win:game:g1:1d:0", 400L),
            Map.entry("net_win:global:1d:0", 400L));
    assertThat(restored).allMatch(u -> u.version == 0 && u.achievedAt == AT_13_30);
    harness.getOutput().clear();

    // When u1 wins again and bets again, then every changed cell counts on from 0
    settle("u1", "g1", 100, 600, AT_13_30);
    placeBet("u1", "g1", 50, AT_13_30);
    harness.setProcessingTime(NOW + 3 * LIVE_DELAY);
    List<BoardUpdate> live = harness.extractOutputValues();
    assertThat(scores(live))
        .containsEntry("net_win:global:1h:13", 900L)
        .containsEntry("biggest_win:global:1h:13", 500L)
        .containsEntry("wagered:game:g1:1d:0", 300L)
        .hasSize(12);
    assertThat(live).allMatch(u -> u.version == 1);
    harness.getOutput().clear();

    // And the restored close timers still drain every cell
    harness.processBothWatermarks(new Watermark(DAY_CLOSES));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertDrained();
  }

  /**
   * A savepoint of the {@link PlayerCells} layout before it kept a version per cell (written once
   * by {@link #writeSnapshotOfCellsWithoutVersions} with that version's classes, kept as a test
   * resource): u1 bet 2.50 at 13:05, won 4.00 at 13:10 and lost 2.00 at 13:20 (flushed), then won
   * 2.00 at 13:30, not flushed yet (the live flush pending at {@code NOW + 2 × LIVE_DELAY}). A
   * checkpoint of the heap backend: RocksDB does not restore it, so only the heap restore is tested
   * (the POJO serializer's added-field migration is the same on both).
   */
  static final String CELLS_WITHOUT_VERSIONS = "player-cells-without-versions.snapshot";

  /**
   * Writes {@link #CELLS_WITHOUT_VERSIONS}; run it only on the commit before versions were added
   * ({@code -Dcroupier.write-snapshots=true}): the point of the file is the earlier layout.
   */
  @Test
  @EnabledIfSystemProperty(named = "croupier.write-snapshots", matches = "true")
  void writeSnapshotOfCellsWithoutVersions() throws Exception {
    placeBet("u1", "g1", 250, AT_13_05);
    settle("u1", "g1", 100, 500, AT_13_10);
    settle("u1", "g1", 200, 0, AT_13_20);
    harness.setProcessingTime(NOW + LIVE_DELAY);
    settle("u1", "g1", 100, 300, AT_13_30);
    OperatorSubtaskState snapshot = harness.snapshot(1L, NOW + LIVE_DELAY);
    OperatorSnapshotUtil.writeStateHandle(
        snapshot, "src/test/resources/dev/croupier/udfs/leaderboard/" + CELLS_WITHOUT_VERSIONS);
  }

  /**
   * Writes one bet's cells as versions before {@link PlayerCells} kept them: a map from {@link
   * BoardCell} to {@link CellScore} per player ({@code leaderboard-cells}), the pending live flush
   * in {@code leaderboard-flush-at}, and a close timer per window.
   */
  static final class EarlierLayout
      extends org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction<
          String, BetPlaced, BetSettled, BoardUpdate> {
    private final long stake;
    private final long at;

    EarlierLayout(long stake, long at) {
      this.stake = stake;
      this.at = at;
    }

    @Override
    public void processElement1(BetPlaced bet, Context ctx, Collector<BoardUpdate> out)
        throws Exception {
      var cells =
          getRuntimeContext()
              .getMapState(
                  new org.apache.flink.api.common.state.MapStateDescriptor<>(
                      "leaderboard-cells",
                      TypeInformation.of(BoardCell.class),
                      TypeInformation.of(CellScore.class)));
      var flushAt =
          getRuntimeContext()
              .getState(
                  new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                      "leaderboard-flush-at", Types.LONG));
      for (long size : new long[] {HOUR, DAY}) {
        long start = LeaderboardWindows.startOf(at, size);
        for (String game : new String[] {bet.getGameId(), null}) {
          cells.put(new BoardCell(Metric.WAGERED, game, size, start), CellScore.first(stake, at));
        }
        ctx.timerService().registerEventTimeTimer(start + size - 1 + LATENESS.toMillis());
      }
      long flush = ctx.timerService().currentProcessingTime() + LIVE_DELAY;
      ctx.timerService().registerProcessingTimeTimer(flush);
      flushAt.update(flush);
    }

    @Override
    public void processElement2(BetSettled bet, Context ctx, Collector<BoardUpdate> out) {}
  }

  private void assertDrained() {
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  private void placeBet(String user, String game, long stake, long at) throws Exception {
    harness.processElement1(new StreamRecord<>(bet(user, game, stake, at), at));
  }

  private BetPlaced bet(String user, String game, long stake, long at) {
    String id = "e" + (++eventIds);
    return BetPlaced.newBuilder()
        .setEventId(id)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId(user)
        .setBetId("b" + id)
        .setGameId(game)
        .setRoundId("r" + id)
        .setSessionId("s-" + user)
        .setStake(stake)
        .setCurrency("EUR")
        .build();
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

  /** Board name (as {@link #scores}) → version; fails on two updates of one board. */
  private static Map<String, Long> versions(List<BoardUpdate> updates) {
    return updates.stream()
        .collect(Collectors.toMap(LeaderboardFunctionTest::board, u -> u.version));
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
