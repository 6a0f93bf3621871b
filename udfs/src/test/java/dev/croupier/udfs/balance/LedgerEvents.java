package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.time.Instant;

/** Test events as the ledger receives them, written to read like the story of a player. */
final class LedgerEvents {
  static final Instant BEGINNING = Instant.parse("2026-03-01T10:00:00Z");
  static final String PLAYER = "alice";

  private LedgerEvents() {}

  static Instant minutesLater(int minutes) {
    return BEGINNING.plusSeconds(60L * minutes);
  }

  static LedgerEntry payment(
      String eventId, PaymentKind kind, PaymentStatus status, long amount, Instant at) {
    return payment(eventId, PLAYER, kind, status, amount, "EUR", at);
  }

  static LedgerEntry payment(
      String eventId,
      String user,
      PaymentKind kind,
      PaymentStatus status,
      long amount,
      String currency,
      Instant at) {
    PaymentEvent p =
        PaymentEvent.newBuilder()
            .setEventId(eventId)
            .setOccurredAt(at)
            .setUserId(user)
            .setPaymentId("pay-" + eventId)
            .setKind(kind)
            .setStatus(status)
            .setAmount(amount)
            .setCurrency(currency)
            .setInstrumentId(null)
            .setIp("10.0.0.1")
            .setDeviceId("dev-1")
            .build();
    return LedgerEntries.of(p, "platform.payments");
  }

  static LedgerEntry deposit(String eventId, long amount, Instant at) {
    return payment(eventId, PaymentKind.DEPOSIT, PaymentStatus.COMPLETED, amount, at);
  }

  static LedgerEntry bet(String eventId, long stake, Instant at) {
    BetPlaced b =
        BetPlaced.newBuilder()
            .setEventId(eventId)
            .setOccurredAt(at)
            .setUserId(PLAYER)
            .setBetId("bet-" + eventId)
            .setGameId("roulette")
            .setRoundId("r1")
            .setSessionId("s1")
            .setStake(stake)
            .setCurrency("EUR")
            .build();
    return LedgerEntries.of(b, "platform.bets");
  }

  static LedgerEntry settled(
      String eventId, BetOutcome outcome, long stake, long payout, Instant at) {
    BetSettled s =
        BetSettled.newBuilder()
            .setEventId(eventId)
            .setOccurredAt(at)
            .setUserId(PLAYER)
            .setBetId("bet-x")
            .setGameId("roulette")
            .setRoundId("r1")
            .setOutcome(outcome)
            .setStake(stake)
            .setPayout(payout)
            .setCurrency("EUR")
            .setCounterpartyUserId(null)
            .build();
    return LedgerEntries.of(s, "platform.rounds");
  }
}
