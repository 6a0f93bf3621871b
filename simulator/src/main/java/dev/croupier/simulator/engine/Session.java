package dev.croupier.simulator.engine;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.event.EventFactory;
import dev.croupier.simulator.event.EventFactory.PaymentRef;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.population.PlayerProfile;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One background playing session, generated lazily, a step at a time:
 *
 * <pre>
 * [REGISTER] → LOGIN (rarely one failed attempt first) → [BONUS] → [DEPOSIT, one retry] → PLAY
 *   (bet, settlement, think; top-up deposits) → CASHOUT ([reversal], [withdrawal]) → [LOGOUT]
 * </pre>
 *
 * Only the events of the current step are buffered, so a session costs a few hundred bytes.
 */
final class Session extends Actor {
  private static final long SESSION = 13;

  enum Step {
    REGISTER,
    LOGIN,
    BONUS,
    DEPOSIT,
    PLAY,
    CASHOUT,
    LOGOUT,
    DONE
  }

  final World world;
  final Player player;
  final PlayerProfile profile;
  final SplittableRandom rng;
  final String sessionId;
  final Access access;
  final boolean first;
  private final ArrayDeque<SimEvent> out = new ArrayDeque<>(4);
  private final Play play;
  Step step;
  long t;
  int depositsLeft;
  boolean declined;

  /** A quick-cashout player just won well: withdraw at the end of the session if allowed. */
  boolean cashOutSoon;

  PaymentRef lastDeposit;

  Session(World world, Player player, PlayerProfile profile, long at, int number) {
    super(at);
    this.world = world;
    this.player = player;
    this.profile = profile;
    this.rng = new SplittableRandom(Seeds.derive(world.seed(), SESSION, profile.index(), number));
    this.sessionId = world.events().ids().nextSessionId();
    this.access = profile.access(rng);
    this.first = number == 0;
    this.t = at;
    this.step = first && profile.newcomer() ? Step.REGISTER : Step.LOGIN;
    this.depositsLeft = 1 + rng.nextInt(3);
    this.play = new Play(this);
  }

  @Override
  protected SimEvent act(World w) {
    while (out.isEmpty() && step != Step.DONE) {
      advance();
    }
    SimEvent e = out.poll();
    if (!out.isEmpty()) {
      nextAt = out.peek().occurredAt();
    } else if (step != Step.DONE) {
      nextAt = t;
    } else {
      nextAt = DONE;
      player.rest(w, profile.segment(), t);
    }
    return e;
  }

  void emit(SimEvent e) {
    out.add(e);
  }

  EventFactory events() {
    return world.events();
  }

  long between(long min, long max) {
    return min + rng.nextLong(max - min + 1);
  }

  private void advance() {
    switch (step) {
      case REGISTER -> {
        emit(events().account(profile.userId(), t, AccountEventKind.REGISTERED, access));
        t += between(5_000, 30_000);
        step = Step.LOGIN;
      }
      case LOGIN -> {
        if (!first && rng.nextInt(100) < 3) { // a mistyped password, once
          emit(events().account(profile.userId(), t, AccountEventKind.LOGIN_FAILED, access));
          t += between(4_000, 15_000);
        }
        emit(events().account(profile.userId(), t, AccountEventKind.LOGIN_SUCCEEDED, access));
        t += between(2_000, 10_000);
        step = Step.BONUS;
      }
      case BONUS -> {
        bonus();
        step = Step.DEPOSIT;
      }
      case DEPOSIT -> step = new Cashier(this).deposit() ? Step.PLAY : Step.CASHOUT;
      case PLAY -> step = play.next();
      case CASHOUT -> {
        new Cashier(this).cashOut();
        step = Step.LOGOUT;
      }
      case LOGOUT -> {
        if (rng.nextInt(100) < 93) { // the rest time out without saying goodbye
          emit(events().account(profile.userId(), t, AccountEventKind.LOGOUT, access));
        }
        step = Step.DONE;
      }
      case DONE -> throw new IllegalStateException("session already over");
      default -> throw new IllegalStateException("unknown step " + step);
    }
  }

  private void bonus() {
    long amount = 0;
    if (first && profile.newcomer() && rng.nextInt(100) < 60) {
      amount = profile.scaled(between(10, 50) * 100); // welcome bonus, whole units
    } else if (!first && rng.nextInt(100) < 3) {
      amount = profile.scaled(between(5, 20) * 100); // reload bonus
    }
    if (amount > 0) {
      PaymentRef bonus =
          events().newPayment(PaymentKind.BONUS, amount, profile.currency().name(), null);
      emit(events().payment(profile.userId(), t, bonus, PaymentStatus.COMPLETED, access));
      player.bonused(amount, t);
      t += between(2_000, 8_000);
    }
  }
}
