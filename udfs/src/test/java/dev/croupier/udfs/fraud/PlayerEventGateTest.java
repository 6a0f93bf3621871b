package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.LateEvents;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PlayerEventGateTest {
  private static final long NOON = Events.T0;

  private static BetPlaced bet(String id, long at) {
    return BetPlaced.newBuilder()
        .setEventId(id)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setUserId("u1")
        .setBetId("b")
        .setGameId("g")
        .setRoundId("r")
        .setSessionId("s")
        .setStake(250)
        .setCurrency("EUR")
        .build();
  }

  @Test
  void shouldDeadLetterWhatTheSourceMarkedLateAndLetEverythingElseIn() throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new PlayerEventGate<>(Topics.BETS, PlayerEvent::of, "fraud")))) {
      h.open();
      // Given the watermark at noon
      h.processWatermark(NOON);

      // When a bet after it, one the source marked late, and one at the watermark arrive
      BetPlaced onTime = bet("on-time", NOON + 1);
      BetPlaced late = bet("late", NOON - 60_000);
      BetPlaced atWatermark = bet("at-watermark", NOON);
      h.processElement(onTime, NOON + 1);
      h.processElement(late, LateEvents.MARK);
      h.processElement(atWatermark, NOON);

      // Then the marked one is a dead letter with reason late; lateness is decided by the partition
      // at the source, not by this operator's watermark, so the others enter as PlayerEvents
      assertThat(h.extractOutputValues())
          .containsExactly(PlayerEvent.of(onTime), PlayerEvent.of(atWatermark));
      var letters = h.getSideOutput(DeadLetterOutput.TAG);
      assertThat(letters).hasSize(1);
      DeadLetter d = letters.peek().getValue();
      assertThat(d.getReason()).isEqualTo("late");
      assertThat(d.getSourceTopic()).isEqualTo("platform.bets");
      assertThat(d.getJob()).isEqualTo("fraud");
      assertThat(d.getKey()).isEqualTo(ByteBuffer.wrap("u1".getBytes()));
      assertThat(BetPlaced.getDecoder().decode(d.getValue())).isEqualTo(late);
    }
  }

  @Test
  void shouldCopyOnlyFreshEventsToTheEarlyTrack() throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(
                new PlayerEventGate<>(
                    Topics.BETS, PlayerEvent::of, "fraud", java.time.Duration.ofSeconds(5))))) {
      h.open();
      // Given the wall clock at noon
      h.setProcessingTime(NOON);

      // When a bet 2 s old arrives, one 6 s old, and one from a backlog an hour old
      BetPlaced fresh = bet("fresh", NOON - 2_000);
      BetPlaced stale = bet("stale", NOON - 6_000);
      BetPlaced backlog = bet("backlog", NOON - 3_600_000);
      h.processElement(fresh, fresh.getOccurredAt().toEpochMilli());
      h.processElement(stale, stale.getOccurredAt().toEpochMilli());
      h.processElement(backlog, backlog.getOccurredAt().toEpochMilli());

      // Then all three enter the job, and only the fresh one is copied to the early track
      assertThat(h.extractOutputValues()).hasSize(3);
      assertThat(h.getSideOutput(PlayerEventGate.EARLY))
          .extracting(r -> r.getValue())
          .containsExactly(PlayerEvent.of(fresh));
    }
  }

  @Test
  void shouldCopyNothingWithoutAnEarlyTrack() throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new PlayerEventGate<>(Topics.BETS, PlayerEvent::of, "fraud")))) {
      h.open();
      h.setProcessingTime(NOON);
      BetPlaced fresh = bet("fresh", NOON);
      h.processElement(fresh, NOON);
      assertThat(h.extractOutputValues()).hasSize(1);
      assertThat(h.getSideOutput(PlayerEventGate.EARLY)).isNull();
    }
  }
}
