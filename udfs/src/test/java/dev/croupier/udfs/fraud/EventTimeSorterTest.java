package dev.croupier.udfs.fraud;

import static dev.croupier.udfs.fraud.Events.T0;
import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.sec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeSorterTest {

  private static KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> harness(
      KeyedProcessFunction<String, PlayerEvent, PlayerEvent> sorter) throws Exception {
    return harness(sorter, "heap");
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> harness(
      KeyedProcessFunction<String, PlayerEvent, PlayerEvent> sorter, String backend)
      throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(sorter), e -> e.userId, Types.STRING);
    h.setStateBackend(
        backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend());
    return h;
  }

  private static PlayerEvent event(String user, long at, String eventId) {
    PlayerEvent e = Events.bet(user, at, 100);
    e.eventId = eventId;
    return e;
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> h,
      PlayerEvent... events)
      throws Exception {
    for (PlayerEvent e : events) {
      h.processElement(e, e.occurredAt);
    }
  }

  /** The records released so far, of one key. */
  private static List<String> released(
      KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> h, String user) {
    return h.extractOutputValues().stream()
        .filter(e -> e.userId.equals(user))
        .map(e -> e.eventId)
        .toList();
  }

  /** No record reaches the rules behind a watermark the sorter forwarded before it. */
  private static void assertNoRecordBehindAWatermark(
      KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> h) {
    long watermark = Long.MIN_VALUE;
    for (Object o : h.getOutput()) {
      if (o instanceof Watermark w) {
        watermark = w.getTimestamp();
      } else if (o instanceof StreamRecord<?> r) {
        assertThat(((PlayerEvent) r.getValue()).occurredAt)
            .as("record %s after watermark %d", r.getValue(), watermark)
            .isGreaterThan(watermark);
      }
    }
  }

  @Test
  void shouldReleaseEveryTimestampTheWatermarkPassedInOrderWithATimerPerKey() throws Exception {
    try (var h = harness(EventTimeSorter.forEvents())) {
      h.open();
      // Given two players whose events arrive out of order after their first, one millisecond
      // shared by two events whose ids arrive in reverse order, and one event beyond the next
      // watermark
      feed(
          h,
          event("p", T0 + sec(1), "p1"),
          event("p", T0 + sec(3), "p3"),
          event("q", T0 + sec(1), "q1"),
          event("p", T0 + sec(9), "p9"),
          event("p", T0 + sec(2), "p2-b"),
          event("q", T0 + sec(2), "q2"),
          event("p", T0 + sec(2), "p2-a"));
      assertThat(h.numEventTimeTimers())
          .as("one timer per player (at its earliest), not one per timestamp")
          .isEqualTo(2);

      // When the watermark passes all but the last with one advance
      h.processWatermark(T0 + sec(3));

      // Then one timer per player released every timestamp it passed, in order, ties by id
      assertThat(released(h, "p")).containsExactly("p1", "p2-a", "p2-b", "p3");
      assertThat(released(h, "q")).containsExactly("q1", "q2");
      assertThat(h.numEventTimeTimers()).as("p's next, at its earliest left").isEqualTo(1);

      // And an event arriving between the watermark and p's pending one goes before it
      feed(h, event("p", T0 + sec(5), "p5"));
      h.processWatermark(T0 + sec(9));
      assertThat(released(h, "p")).containsExactly("p1", "p2-a", "p2-b", "p3", "p5", "p9");
      assertNoRecordBehindAWatermark(h);
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.numKeyedStateEntries()).as("nothing pending, nothing kept").isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "rocksdb"})
  void shouldRestoreASavepointOfThePerTimestampTimerLayoutAndReleaseInTheSameOrder(String backend)
      throws Exception {
    // Given a savepoint of the sorter before one timer per key, its events kept by Flink's POJO
    // serializer: three timestamps pending for p, two for q, one old timer each
    OperatorSubtaskState savepoint;
    try (var old = harness(PerTimestampTimerSorter.forEvents(), backend)) {
      old.open();
      feed(
          old,
          event("p", T0 + sec(4), "p4"),
          event("p", T0 + sec(2), "p2"),
          event("q", T0 + sec(3), "q3"),
          event("p", T0 + sec(6), "p6"),
          event("q", T0 + sec(1), "q1"));
      old.processWatermark(T0);
      assertThat(old.numEventTimeTimers()).isEqualTo(5);
      savepoint = old.snapshot(1, 1);
    }

    OperatorSubtaskState migrated;
    try (var h = harness(EventTimeSorter.forEvents(), backend)) {
      h.initializeState(savepoint);
      h.open();
      // When p gets a new event between its pending ones (an element touches p first), while q is
      // first touched by its old timers
      feed(h, event("p", T0 + sec(5), "p5"));
      h.processWatermark(T0 + sec(4));

      // Then both release in time order everything the watermark passed, nothing behind it, each
      // event whole (read with the POJO serializer, kept with the sorter's own)
      assertThat(released(h, "p")).containsExactly("p2", "p4");
      assertThat(released(h, "q")).containsExactly("q1", "q3");
      assertThat(h.extractOutputValues())
          .allSatisfy(
              e ->
                  assertThat(e)
                      .usingRecursiveComparison()
                      .isEqualTo(event(e.userId, e.occurredAt, e.eventId)));
      migrated = h.snapshot(2, 2);
      h.processWatermark(T0 + sec(6));
      assertThat(released(h, "p")).containsExactly("p2", "p4", "p5", "p6");
      assertNoRecordBehindAWatermark(h);

      // And the old timers are gone with the state
      assertThat(h.numEventTimeTimers()).isZero();
      if (backend.equals("heap")) { // the harness counts entries of the heap backend only
        assertThat(h.numKeyedStateEntries()).isZero();
      }
    }

    // And the state in the sorter's own format restores too
    try (var again = harness(EventTimeSorter.forEvents(), backend)) {
      again.initializeState(migrated);
      again.open();
      again.processWatermark(T0 + sec(6));
      assertThat(again.extractOutputValues())
          .extracting(e -> e.eventId, e -> e.stake)
          .containsExactly(tuple("p5", 100L), tuple("p6", 100L));
    }
  }

  @Test
  void shouldOrderByEventTimeAndReleaseARecordBehindTheWatermarkAtOnce() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(EventTimeSorter.forEvents()), e -> e.userId, Types.STRING)) {
      h.open();
      PlayerEvent second = bet("p", T0 + sec(2), 100);
      PlayerEvent first = bet("p", T0 + sec(1), 100);
      h.processElement(second, second.occurredAt);
      h.processElement(first, first.occurredAt);
      assertThat(h.extractOutputValues()).as("nothing before the watermark passes").isEmpty();

      h.processWatermark(T0 + sec(2));
      assertThat(h.extractOutputValues()).containsExactly(first, second);

      // A live partition that was idle delivers an older bet while a later one is pending
      PlayerEvent pending = bet("p", T0 + sec(9), 100);
      PlayerEvent behind = bet("p", T0 + sec(1.5), 100);
      h.processElement(pending, pending.occurredAt);
      h.processElement(behind, behind.occurredAt);
      List<PlayerEvent> out = h.extractOutputValues();
      assertThat(out)
          .as("released at once, without waiting for the watermark to move again")
          .containsExactly(first, second, behind);

      h.processWatermark(T0 + sec(9));
      assertThat(h.extractOutputValues()).containsExactly(first, second, behind, pending);
    }
  }

  /**
   * Sorter state as version 3 of the {@code PlayerEvent} serializer's snapshot wrote it, before the
   * snapshot kept the enum symbol lists (written once by {@link #writeSnapshotOfSorterState} with
   * that version's classes, kept as a test resource): {@link #withEverySymbol()} buffered for p,
   * none released. A checkpoint of the heap backend, the fraud job's default.
   */
  static final String SORTER_WITHOUT_SYMBOL_LISTS = "sorter-without-symbol-lists.snapshot";

  /** Per event, by name: source, outcome, payment kind, payment status, account kind. */
  private static final String[][] SYMBOLS = {
    {"BET", "WIN", "DEPOSIT", "REQUESTED", "REGISTERED"},
    {"SETTLEMENT", "LOSS", "WITHDRAWAL", "COMPLETED", "LOGIN_SUCCEEDED"},
    {"PAYMENT", "PUSH", "BONUS", "FAILED", "LOGIN_FAILED"},
    {"ACCOUNT", "VOID", "UNKNOWN", "REVERSED", "LOGOUT"},
    {"BET", "UNKNOWN", "DEPOSIT", "UNKNOWN", "PAYOUT_DETAILS_CHANGED"},
    {"SETTLEMENT", "WIN", "WITHDRAWAL", "REQUESTED", "UNKNOWN"},
  };

  /** Every symbol of every enum field once, and one event with none: p's, a second apart. */
  private static List<PlayerEvent> withEverySymbol() {
    List<PlayerEvent> events = new ArrayList<>();
    for (int i = 0; i <= SYMBOLS.length; i++) {
      PlayerEvent e = event("p", T0 + sec(i + 1), "e" + i);
      e.source = null;
      if (i < SYMBOLS.length) {
        e.source = PlayerEvent.Source.valueOf(SYMBOLS[i][0]);
        e.outcome = BetOutcome.valueOf(SYMBOLS[i][1]);
        e.paymentKind = PaymentKind.valueOf(SYMBOLS[i][2]);
        e.paymentStatus = PaymentStatus.valueOf(SYMBOLS[i][3]);
        e.accountKind = AccountEventKind.valueOf(SYMBOLS[i][4]);
      }
      events.add(e);
    }
    return events;
  }

  @Test
  void shouldRestoreSorterStateWrittenBeforeTheSnapshotKeptTheSymbolLists() throws Exception {
    try (var h = harness(EventTimeSorter.forEvents())) {
      h.initializeState(
          OperatorSnapshotUtil.readStateHandle(
              EventTimeSorterTest.class.getResource(SORTER_WITHOUT_SYMBOL_LISTS).getPath()));
      h.open();

      // When the watermark passes every buffered event
      h.processWatermark(T0 + sec(SYMBOLS.length + 1));

      // Then each comes back whole, every enum the symbol it was written as
      assertThat(h.extractOutputValues())
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(withEverySymbol());
    }
  }

  /**
   * Writes {@link #SORTER_WITHOUT_SYMBOL_LISTS}; run it only on a commit whose {@code PlayerEvent}
   * serializer snapshot is version 3 ({@code -Dcroupier.write-snapshots=true}): the point of the
   * file is that version's format.
   */
  @Test
  @EnabledIfSystemProperty(named = "croupier.write-snapshots", matches = "true")
  void writeSnapshotOfSorterState() throws Exception {
    try (var h = harness(EventTimeSorter.forEvents())) {
      h.open();
      List<PlayerEvent> events = new ArrayList<>(withEverySymbol());
      Collections.reverse(events); // out of order, so all stay buffered
      feed(h, events.toArray(PlayerEvent[]::new));
      h.processWatermark(T0);
      assertThat(h.extractOutputValues()).isEmpty();
      OperatorSnapshotUtil.writeStateHandle(
          h.snapshot(1L, 1L),
          "src/test/resources/dev/croupier/udfs/fraud/" + SORTER_WITHOUT_SYMBOL_LISTS);
    }
  }
}
