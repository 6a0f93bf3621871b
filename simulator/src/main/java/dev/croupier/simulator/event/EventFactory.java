package dev.croupier.simulator.event;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.topics.Topics;
import java.time.Instant;

/**
 * Builds the platform's records with fresh ids from one {@link IdSequence}. The only place that
 * knows the Avro constructors, so the generator and the scenarios speak in domain terms.
 */
public final class EventFactory {
  private final IdSequence ids;

  public EventFactory(IdSequence ids) {
    this.ids = ids;
  }

  public IdSequence ids() {
    return ids;
  }

  public SimEvent account(String userId, long at, AccountEventKind kind, Access a) {
    AccountEvent e =
        new AccountEvent(
            ids.nextEventId(),
            Instant.ofEpochMilli(at),
            userId,
            kind,
            a.ip(),
            a.deviceId(),
            a.country(),
            a.latitude(),
            a.longitude());
    return SimEvent.of(Topics.ACCOUNTS, userId, at, e);
  }

  public SimEvent betPlaced(String userId, long at, BetRef bet, String sessionId) {
    BetPlaced e =
        new BetPlaced(
            ids.nextEventId(),
            Instant.ofEpochMilli(at),
            userId,
            bet.betId(),
            bet.gameId(),
            bet.roundId(),
            sessionId,
            bet.stake(),
            bet.currency());
    return SimEvent.of(Topics.BETS, userId, at, e);
  }

  /**
   * The settlement of {@code bet}: the outcome follows from the payout (0 is a LOSS, the stake a
   * PUSH unless {@code voided}, more a WIN), so payouts and outcomes can never disagree.
   */
  public SimEvent betSettled(
      String userId, long at, BetRef bet, long payout, boolean voided, String counterparty) {
    BetOutcome outcome = voided ? BetOutcome.VOID : outcomeOf(bet.stake(), payout);
    if (voided && payout != bet.stake()) {
      throw new IllegalArgumentException("a VOID bet pays the stake back");
    }
    BetSettled e =
        new BetSettled(
            ids.nextEventId(),
            Instant.ofEpochMilli(at),
            userId,
            bet.betId(),
            bet.gameId(),
            bet.roundId(),
            outcome,
            bet.stake(),
            payout,
            bet.currency(),
            counterparty);
    return SimEvent.of(Topics.ROUNDS, userId, at, e);
  }

  public SimEvent payment(String userId, long at, PaymentRef p, PaymentStatus status, Access a) {
    PaymentEvent e =
        new PaymentEvent(
            ids.nextEventId(),
            Instant.ofEpochMilli(at),
            userId,
            p.paymentId(),
            p.kind(),
            status,
            p.amount(),
            p.currency(),
            p.instrumentId(),
            a.ip(),
            a.deviceId());
    return SimEvent.of(Topics.PAYMENTS, userId, at, e);
  }

  /** A new bet (fresh bet id and, unless given, a fresh round id). */
  public BetRef newBet(String gameId, String roundId, long stake, String currency) {
    return new BetRef(
        ids.nextBetId(), gameId, roundId == null ? ids.nextRoundId() : roundId, stake, currency);
  }

  /** A new payment with a fresh payment id. */
  public PaymentRef newPayment(PaymentKind kind, long amount, String currency, String instrument) {
    return new PaymentRef(ids.nextPaymentId(), kind, amount, currency, instrument);
  }

  static BetOutcome outcomeOf(long stake, long payout) {
    if (payout < 0) {
      throw new IllegalArgumentException("negative payout");
    }
    if (payout > 0 && payout < stake) {
      throw new IllegalArgumentException("a payout between 0 and the stake has no outcome");
    }
    return payout == 0 ? BetOutcome.LOSS : payout == stake ? BetOutcome.PUSH : BetOutcome.WIN;
  }

  /** What a bet is, shared by its BetPlaced and BetSettled. */
  public record BetRef(String betId, String gameId, String roundId, long stake, String currency) {}

  /** What a payment is, shared by all its steps. */
  public record PaymentRef(
      String paymentId, PaymentKind kind, long amount, String currency, String instrumentId) {}
}
