package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LateDeadLettersTest {
  static final Instant AT_13_30 = Instant.parse("2026-11-28T13:30:00Z");

  @Test
  void shouldDeadLetterALateBetWithReasonLateAndTheBetAsTheValue() throws Exception {
    // Given a late bet from the side output of the bets read from a renamed topic
    BetPlaced bet = BetPlaced.newBuilder().setEventId("e1").setOccurredAt(AT_13_30).setUserId("u1")
        .setBetId("b1").setGameId("g1").setRoundId("r1").setSessionId("s1").setStake(300).setCurrency("EUR").build();
    try (OneInputStreamOperatorTestHarness<BetPlaced, DeadLetter> harness = ProcessFunctionTestHarnesses.forProcessFunction(
        new LateDeadLetters<>(Topics.BETS.named("staging.bets"), "leaderboard", Duration.ofMinutes(1)))) {

      // When it is turned into a dead letter
      harness.processElement(bet, AT_13_30.toEpochMilli());
      DeadLetter letter = harness.extractOutputValues().get(0);

      // Then it names the reason, the job and the topic, and carries the bet and its key
      assertThat(letter.getReason()).isEqualTo("late");
      assertThat(letter.getJob()).isEqualTo("leaderboard");
      assertThat(letter.getSourceTopic()).isEqualTo("staging.bets");
      assertThat(letter.getDetail()).contains("allowed lateness (PT1M)");
      assertThat(letter.getPartition()).isEqualTo(-1);
      assertThat(letter.getRecordTimestamp()).isNull();
      assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("u1");
      assertThat(BetPlaced.getDecoder().decode(letter.getValue())).isEqualTo(bet);
    }
  }
}
