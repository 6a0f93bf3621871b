package dev.croupier.simulator.engine;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.simulator.event.EventFactory.PaymentRef;
import dev.croupier.simulator.population.PlayerProfile;
import dev.croupier.simulator.population.Segment;

/**
 * The money steps of a background session: deposits (at most one declined attempt per session, on
 * the player's own instrument, then one retry) and the cash-out at the end (a rare chargeback, and
 * a withdrawal only when the player's guards allow it).
 */
final class Cashier {
  private static final long MINUTE = 60_000L;
  private final Session s;
  private final Player player;
  private final PlayerProfile profile;

  Cashier(Session s) {
    this.s = s;
    this.player = s.player;
    this.profile = s.profile;
  }

  /** Tops the balance up if it is low; whether the player can bet afterwards. */
  boolean deposit() {
    long base = profile.baseStake();
    if (player.balance() >= 10 * base || s.depositsLeft == 0) {
      return player.balance() >= base;
    }
    s.depositsLeft--;
    Segment segment = profile.segment();
    long amount =
        profile.scaled(s.between(segment.minDeposit() / 100, segment.maxDeposit() / 100) * 100);
    String instrument = profile.instrument(s.rng);
    boolean declineFirst = !s.declined && s.rng.nextInt(1000) < 15;
    boolean completed = attempt(amount, instrument, !declineFirst);
    if (!completed) {
      s.declined = true;
      s.t += s.between(15_000, 45_000); // retry once with the same card
      completed = attempt(amount, instrument, s.rng.nextInt(100) < 85);
    }
    s.t += s.between(2_000, 6_000);
    return player.balance() >= base;
  }

  private boolean attempt(long amount, String instrument, boolean succeeds) {
    PaymentRef ref =
        s.events().newPayment(PaymentKind.DEPOSIT, amount, profile.currency().name(), instrument);
    s.emit(s.events().payment(profile.userId(), s.t, ref, PaymentStatus.REQUESTED, s.access));
    s.t += s.between(1_000, 4_000);
    PaymentStatus status = succeeds ? PaymentStatus.COMPLETED : PaymentStatus.FAILED;
    s.emit(s.events().payment(profile.userId(), s.t, ref, status, s.access));
    if (succeeds) {
      player.deposited(amount, s.t);
      s.lastDeposit = ref;
    }
    return succeeds;
  }

  /** The end of play: maybe a chargeback, maybe a withdrawal request. */
  void cashOut() {
    PaymentRef deposit = s.lastDeposit;
    if (deposit != null && s.rng.nextInt(1000) < 3 && player.balance() >= deposit.amount()) {
      s.emit(s.events().payment(profile.userId(), s.t, deposit, PaymentStatus.REVERSED, s.access));
      player.debited(deposit.amount());
      s.t += s.between(1_000, 3_000);
    }
    long unit = profile.scaled(100);
    long least = Math.max(profile.scaled(2_000), 10 * profile.baseStake());
    if (player.balance() < least
        || (!s.cashOutSoon && s.rng.nextInt(100) >= 30)
        || !player.mayWithdraw(s.t)) {
      return;
    }
    if (s.rng.nextInt(100) < 3) {
      s.emit(
          s.events()
              .account(profile.userId(), s.t, AccountEventKind.PAYOUT_DETAILS_CHANGED, s.access));
      s.t += s.between(20_000, 60_000);
    }
    long amount = player.balance() * s.between(50, 100) / 100 / unit * unit;
    PaymentRef ref =
        s.events()
            .newPayment(
                PaymentKind.WITHDRAWAL,
                amount,
                profile.currency().name(),
                profile.instruments().get(0));
    s.emit(s.events().payment(profile.userId(), s.t, ref, PaymentStatus.REQUESTED, s.access));
    player.withdrew(amount);
    int r = s.rng.nextInt(100);
    PaymentStatus outcome =
        r < 92 ? PaymentStatus.COMPLETED : r < 97 ? PaymentStatus.FAILED : PaymentStatus.REVERSED;
    long outcomeAt = s.t + s.between(30 * MINUTE, 8 * 60 * MINUTE);
    s.world.schedule(
        new PendingPayment(player, profile.userId(), ref, outcome, s.access, outcomeAt));
    s.t += s.between(3_000, 10_000);
  }
}
