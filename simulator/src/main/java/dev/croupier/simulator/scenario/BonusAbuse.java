package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;

/**
 * bonus-abuse (registered, a bonus completed, then a withdrawal request within 24 h with less
 * staked than 5× the bonus): a new player takes a 20.00–50.00 welcome bonus, never deposits, stakes
 * 0.4× the bonus in 10 bets and requests what is left 8–20 min after the bonus (the trigger).
 */
final class BonusAbuse implements Scenario {
  static final RuleId RULE = RuleId.of("bonus-abuse");

  @Override
  public RuleId rule() {
    return RULE;
  }

  @Override
  public void write(Storyline s) {
    Persona p = s.newSuspect();
    Script.Arrival arrival = s.arrive(p, s.start());
    long amount = s.between(20, 50) * 100;
    SimEvent bonus =
        s.bonus(p, arrival.loggedInAt() + s.between(20, 60) * SECOND, amount, p.home());
    s.play(
        p,
        bonus.occurredAt(),
        10,
        GameCatalog.LUCKY_SEVENS,
        amount / 25,
        15 * SECOND,
        30 * SECOND,
        SECOND);
    long requestAt = bonus.occurredAt() + s.between(8, 20) * MINUTE;
    SimEvent withdrawal = s.withdrawal(p, requestAt, p.balance() / 100 * 100, p.home());
    s.evidence(arrival.registered(), bonus);
    s.trigger(withdrawal);
    s.decisive(arrival.registered().occurredAt(), requestAt);
    s.account(p, requestAt + 20 * SECOND, LOGOUT, p.home());
  }
}
