package dev.croupier.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.Shipped;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final Instant EVENING = Instant.parse("2026-03-06T20:00:00Z");
  private static final Instant AN_HOUR_LATER = EVENING.plusSeconds(3_600);

  private final DeadLetters deadLetters = new DeadLetters("balances");

  @Test
  void shouldDescribeALateRecordWithEverythingAJobKnows() throws Exception {
    // Given a settlement that arrived an hour behind the watermark
    BetSettled late = settled();

    // When the job dead-letters it
    DeadLetter letter =
        deadLetters.of(
            Topics.ROUNDS, late, DeadLetterReason.LATE, "1 h behind", AN_HOUR_LATER.toEpochMilli());

    // Then it names topic, key, reason and job, and its value reads back as the record
    assertThat(letter.getSourceTopic()).isEqualTo("platform.rounds");
    assertThat(letter.getPartition()).isEqualTo(-1);
    assertThat(letter.getOffset()).isEqualTo(-1L);
    assertThat(letter.getKey())
        .isEqualTo(ByteBuffer.wrap("carol".getBytes(StandardCharsets.UTF_8)));
    assertThat(letter.getReason()).isEqualTo("late");
    assertThat(letter.getDetail()).isEqualTo("1 h behind");
    assertThat(letter.getSchemaId()).isNull();
    assertThat(letter.getRecordTimestamp()).isEqualTo(AN_HOUR_LATER);
    assertThat(letter.getJob()).isEqualTo("balances");
    assertThat(BetSettled.getDecoder().decode(letter.getValue())).isEqualTo(late);
  }

  @Test
  void shouldKeepWorkingAfterFlinkShipsItAndForEveryRecordType() throws Exception {
    DeadLetters shipped = Shipped.roundTrip(deadLetters);
    PaymentEvent payment = payment();

    DeadLetter first =
        shipped.of(Topics.PAYMENTS, payment, DeadLetterReason.CURRENCY_MISMATCH, "USD");
    DeadLetter second = shipped.of(Topics.ROUNDS, settled(), DeadLetterReason.LATE, "late");

    assertThat(PaymentEvent.getDecoder().decode(first.getValue())).isEqualTo(payment);
    assertThat(first.getReason()).isEqualTo("currency-mismatch");
    assertThat(first.getRecordTimestamp()).isNull();
    assertThat(second.getJob()).isEqualTo("balances");
  }

  @Test
  void shouldKeepTheDecodersCoordinatesAndRawBytes() {
    byte[] raw = {'{', '}'};
    DeadLetter letter =
        deadLetters.undecodable(
            "platform.bets",
            1,
            42,
            "carol".getBytes(StandardCharsets.UTF_8),
            raw,
            DeadLetterReason.BAD_MAGIC_BYTE,
            "first byte is 0x7b, not 0x00",
            null,
            EVENING.toEpochMilli());

    assertThat(letter.getPartition()).isEqualTo(1);
    assertThat(letter.getOffset()).isEqualTo(42L);
    assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(raw));
    assertThat(letter.getRecordTimestamp()).isEqualTo(EVENING);
    assertThat(
            deadLetters
                .undecodable("t", 0, 0, null, null, DeadLetterReason.NULL_VALUE, "x", null, -1)
                .getRecordTimestamp())
        .isNull();
  }

  @Test
  void shouldNameTheEventWithoutAValueAndCutLongDetails() {
    DeadLetter letter =
        deadLetters.withoutValue(
            "platform.payments",
            "carol",
            DeadLetterReason.CURRENCY_MISMATCH,
            "x".repeat(600),
            EVENING.toEpochMilli());

    assertThat(letter.getValue()).isNull();
    assertThat(letter.getKey())
        .isEqualTo(ByteBuffer.wrap("carol".getBytes(StandardCharsets.UTF_8)));
    assertThat(letter.getOffset()).isEqualTo(-1L);
    assertThat(letter.getDetail()).hasSize(500);
    assertThat(letter.getRecordTimestamp()).isEqualTo(EVENING);
    assertThat(letter.getJob()).isEqualTo("balances");
  }

  private static BetSettled settled() {
    return BetSettled.newBuilder()
        .setEventId("ev-7")
        .setOccurredAt(EVENING)
        .setUserId("carol")
        .setBetId("bet-7")
        .setGameId("blackjack")
        .setRoundId("round-7")
        .setOutcome(BetOutcome.PUSH)
        .setStake(500)
        .setPayout(500)
        .setCurrency("EUR")
        .build();
  }

  private static PaymentEvent payment() {
    return PaymentEvent.newBuilder()
        .setEventId("ev-8")
        .setOccurredAt(EVENING)
        .setUserId("carol")
        .setPaymentId("pay-8")
        .setKind(PaymentKind.DEPOSIT)
        .setStatus(PaymentStatus.COMPLETED)
        .setAmount(10_000)
        .setCurrency("USD")
        .setIp("198.51.100.1")
        .setDeviceId("dev-8")
        .build();
  }
}
