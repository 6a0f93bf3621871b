package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class InOrderArrivalsTest {

  private static KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new InOrderArrivals(Duration.ofMinutes(1)), e -> e.userId, Types.STRING);
  }

  @Test
  void shouldPassEachPlayersEventsAtOnceWhileTheyArriveInOrder() throws Exception {
    try (var h = harness()) {
      // Given no watermark at all: the early timeline never waits for one
      PlayerEvent a = Events.bet("u1", Events.sec(1), 100);
      PlayerEvent b = Events.bet("u1", Events.sec(2), 100);
      PlayerEvent tie = Events.bet("u1", Events.sec(2), 100);
      PlayerEvent other = Events.bet("u2", Events.sec(0), 100);

      // When they arrive in event-time order per player (another player's earlier event between)
      h.processElement(a, a.occurredAt);
      h.processElement(b, b.occurredAt);
      h.processElement(other, other.occurredAt);
      h.processElement(tie, tie.occurredAt);

      // Then each passes on arrival
      assertThat(h.extractOutputValues()).containsExactly(a, b, other, tie);
    }
  }

  @Test
  void shouldLeaveAnEventThatArrivesBehindItsPlayersLastToTheWatermarkTrack() throws Exception {
    try (var h = harness()) {
      PlayerEvent later = Events.bet("u1", Events.sec(5), 100);
      PlayerEvent earlier = Events.bet("u1", Events.sec(3), 100);
      PlayerEvent next = Events.bet("u1", Events.sec(6), 100);

      // When an event arrives after a later one of the same player
      h.processElement(later, later.occurredAt);
      h.processElement(earlier, earlier.occurredAt);
      h.processElement(next, next.occurredAt);

      // Then it is not passed: the early rules never see a player's events out of order
      assertThat(h.extractOutputValues()).containsExactly(later, next);
    }
  }
}
