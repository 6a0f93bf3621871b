package dev.croupier.udfs.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class DeadLetterRouterTest {

  private static final Instant EVENING = Instant.parse("2026-03-06T20:00:00Z");
  private static final long FIRST = EVENING.toEpochMilli();
  private static final long SECOND = FIRST + 1_000;
  private static final long THIRD = FIRST + 2_000;

  @Test
  void shouldPassRecordsOnAndSendDeadLettersToTheSideOutput() throws Exception {
    // Given a router for bets
    try (OneInputStreamOperatorTestHarness<Either<DeadLetter, BetPlaced>, BetPlaced> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterRouter<>(Topics.BETS))) {

      // When good records and dead letters arrive interleaved
      harness.processElement(Either.Right(bet("ev-1", 100)), FIRST);
      harness.processElement(Either.Left(deadLetter("bad-magic-byte", 7)), SECOND);
      harness.processElement(Either.Right(bet("ev-2", 250)), THIRD);

      // Then records go downstream in order and dead letters to the side output, timestamps kept
      assertThat(harness.extractOutputStreamRecords())
          .containsExactly(
              new StreamRecord<>(bet("ev-1", 100), FIRST),
              new StreamRecord<>(bet("ev-2", 250), THIRD));
      assertThat(harness.getSideOutput(DeadLetterOutput.TAG))
          .containsExactly(new StreamRecord<>(deadLetter("bad-magic-byte", 7), SECOND));
    }
  }

  @Test
  void shouldDeclareAvroOutputTypesSoFlinkNeverUsesKryo() {
    DeadLetterRouter<BetPlaced> router = new DeadLetterRouter<>(Topics.BETS);

    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);

    assertThat(router.getProducedType().createSerializer(noKryo))
        .isInstanceOf(AvroSerializer.class);
    assertThat(DeadLetterOutput.TAG.getTypeInfo().createSerializer(noKryo))
        .isInstanceOf(AvroSerializer.class);
  }

  private static BetPlaced bet(String eventId, long stake) {
    return BetPlaced.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(EVENING)
        .setUserId("alice")
        .setBetId("bet-" + eventId)
        .setGameId("roulette")
        .setRoundId("round-1")
        .setSessionId("sess-1")
        .setStake(stake)
        .setCurrency("EUR")
        .build();
  }

  private static DeadLetter deadLetter(String reason, long offset) {
    return DeadLetter.newBuilder()
        .setSourceTopic("platform.bets")
        .setPartition(0)
        .setOffset(offset)
        .setValue(ByteBuffer.wrap(new byte[] {9, 9}))
        .setReason(reason)
        .setDetail("first byte is 0x09, not 0x00")
        .build();
  }
}
