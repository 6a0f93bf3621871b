package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGIN_SUCCEEDED;
import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.schemas.avro.AccountEventKind.REGISTERED;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;

/**
 * rapid-cashout (deposit ≥ 100.00, withdrawal ≥ 80 % of it within 30 min, < 20 % staked between): a
 * new player deposits 300.00–1,000.00, stakes 3 % of it in three small bets and asks for 90 % back
 * 8–15 min after the deposit.
 */
final class RapidCashout implements Scenario {
  @Override
  public void write(Storyline s) {
    Persona p = s.newPlayer(s.homeCity());
    s.suspect(p);
    long t = s.start();
    s.account(p, t, REGISTERED, p.home());
    t += s.between(15, 40) * SECOND;
    s.account(p, t, LOGIN_SUCCEEDED, p.home());
    long amount = s.between(300, 1_000) * 100;
    SimEvent deposit =
        s.deposit(p, t + s.between(30, 90) * SECOND, amount, p.instrument(), p.home()).result();
    s.evidence(deposit);
    t = deposit.occurredAt() + MINUTE;
    for (int i = 0; i < 3; i++) {
      long stake = amount / 100;
      s.evidence(
          s.bet(p, t, GameCatalog.LUCKY_SEVENS, null, stake, s.ordinaryPayout(stake), SECOND, null)
              .placed());
      t += s.between(40, 80) * SECOND;
    }
    long requestAt = deposit.occurredAt() + s.between(8, 15) * MINUTE;
    SimEvent withdrawal = s.withdrawal(p, requestAt, amount * 90 / 100, p.home());
    s.trigger(withdrawal);
    s.decisive(deposit.occurredAt(), requestAt);
    s.account(p, requestAt + 20 * SECOND, LOGOUT, p.home());
  }
}
