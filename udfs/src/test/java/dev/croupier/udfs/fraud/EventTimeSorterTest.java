package dev.croupier.udfs.fraud;

import static dev.croupier.udfs.fraud.Events.T0;
import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.sec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
import org.junit.jupiter.api.Test;
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
}
