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
}
