package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGIN_FAILED;
import static dev.croupier.schemas.avro.AccountEventKind.LOGIN_SUCCEEDED;
import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.schemas.avro.AccountEventKind.PAYOUT_DETAILS_CHANGED;
import static dev.croupier.schemas.avro.AccountEventKind.REGISTERED;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.population.Geo;

/**
 * account-takeover (≥ 5 failed logins, a successful login from an unseen device or IP, then a
 * payout-details change or withdrawal request, within 15 min): the victim registers and plays from
 * home; 10–20 min after the victim logs out an attacker in the same city (under 100 km/h apart)
 * fails 7 logins from a new device and IP, gets in, changes the payout details (the trigger) and
 * requests a withdrawal, all within about 6 min.
 */
final class AccountTakeover implements Scenario {
  @Override
  public void write(Storyline s) {
    Geo.City city = s.homeCity();
    Persona victim = s.newPlayer(city);
    s.suspect(victim);
    long t = s.start();
    s.account(victim, t, REGISTERED, victim.home());
    t += s.between(15, 40) * SECOND;
    s.account(victim, t, LOGIN_SUCCEEDED, victim.home());
    t =
        s.deposit(victim, t + MINUTE, 6_000, victim.instrument(), victim.home())
            .result()
            .occurredAt();
    for (int i = 0; i < 10; i++) {
      t += s.between(20, 40) * SECOND;
      s.bet(victim, t, GameCatalog.GOLDEN_DRAGON, null, 100, s.ordinaryPayout(100), SECOND, null);
    }
    t += MINUTE;
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
    long amount = victim.balance() / 100 * 100;
    SimEvent withdrawal = s.withdrawal(victim, t, amount, attacker);
    s.evidence(withdrawal);
    s.decisive(firstFailure, t);
    s.account(victim, t + 30 * SECOND, LOGOUT, attacker);
  }
}
