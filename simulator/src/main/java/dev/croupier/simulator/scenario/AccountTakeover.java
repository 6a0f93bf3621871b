package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGIN_FAILED;
import static dev.croupier.schemas.avro.AccountEventKind.LOGIN_SUCCEEDED;
import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.schemas.avro.AccountEventKind.PAYOUT_DETAILS_CHANGED;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.population.Geo;
import java.util.List;

/**
 * account-takeover (≥ 5 failed logins, a successful login from an unseen device or IP, then a
 * payout-details change or withdrawal request, within 15 min): the victim registers and plays from
 * home; 10–20 min after the victim logs out an attacker in the same city (under 100 km/h apart)
 * fails 7 logins from a new device and IP, gets in, changes the payout details (the trigger) and
 * requests a withdrawal, all within about 6 min.
 */
final class AccountTakeover implements Scenario {
  static final RuleId RULE = RuleId.of("account-takeover");

  @Override
  public RuleId rule() {
    return RULE;
  }

  @Override
  public void write(Storyline s) {
    Geo.City city = s.homeCity();
    Persona victim = s.newPlayer(city);
    s.suspect(victim);
    long at = s.arrive(victim, s.start()).loggedInAt() + MINUTE;
    long funded =
        s.deposit(victim, at, 6_000, victim.instrument(), victim.home()).result().occurredAt();
    List<Script.Bet> bets =
        s.play(
            victim, funded, 10, GameCatalog.GOLDEN_DRAGON, 100, 20 * SECOND, 40 * SECOND, SECOND);
    long t = Script.lastPlaced(bets) + MINUTE;
    s.account(victim, t, LOGOUT, victim.home());

    Access attacker = s.newAccess(city);
    t += s.between(10, 20) * MINUTE;
    long firstFailure = t;
    for (int i = 0; i < 7; i++) {
      s.evidence(s.account(victim, t, LOGIN_FAILED, attacker));
      t += s.between(8, 20) * SECOND;
    }
    s.evidence(s.account(victim, t, LOGIN_SUCCEEDED, attacker));
    t += s.between(40, 90) * SECOND;
    s.trigger(s.account(victim, t, PAYOUT_DETAILS_CHANGED, attacker));
    t += s.between(60, 120) * SECOND;
    s.evidence(s.withdrawal(victim, t, victim.balance() / 100 * 100, attacker));
    s.decisive(firstFailure, t);
    s.account(victim, t + 30 * SECOND, LOGOUT, attacker);
  }
}
