package dev.croupier.simulator.scenario;

import static dev.croupier.schemas.avro.AccountEventKind.LOGIN_SUCCEEDED;
import static dev.croupier.schemas.avro.AccountEventKind.LOGOUT;
import static dev.croupier.schemas.avro.AccountEventKind.REGISTERED;
import static dev.croupier.simulator.scenario.Script.MINUTE;
import static dev.croupier.simulator.scenario.Script.SECOND;

import dev.croupier.simulator.event.Access;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.game.GameCatalog;
import dev.croupier.simulator.population.Geo;

/**
 * impossible-travel (two successful logins implying more than 900 km/h): a new player logs in at
 * home, plays and logs out; 15–30 min after the first login the account logs in again from a city
 * at least 5,000 km away (the trigger): over 10,000 km/h. No failed logins, so no takeover pattern.
 */
final class ImpossibleTravel implements Scenario {
  static final double MIN_DISTANCE_KM = 5_000;

  @Override
  public void write(Storyline s) {
    Geo.City home = s.homeCity();
    Persona p = s.newPlayer(home);
    s.suspect(p);
    long t = s.start();
    s.account(p, t, REGISTERED, p.home());
    t += s.between(15, 40) * SECOND;
    SimEvent firstLogin = s.account(p, t, LOGIN_SUCCEEDED, p.home());
    t = s.deposit(p, t + MINUTE, 3_000, p.instrument(), p.home()).result().occurredAt();
    for (int i = 0; i < 5; i++) {
      t += s.between(20, 40) * SECOND;
      s.bet(p, t, GameCatalog.BLACKJACK, null, 200, s.ordinaryPayout(200), 15 * SECOND, null);
    }
    s.account(p, t + MINUTE, LOGOUT, p.home());
    Access away = s.newAccess(Geo.farFrom(home, MIN_DISTANCE_KM, s.rng()));
    t = firstLogin.occurredAt() + s.between(15, 30) * MINUTE;
    s.evidence(firstLogin);
    s.trigger(s.account(p, t, LOGIN_SUCCEEDED, away));
    for (int i = 0; i < 3; i++) {
      t += s.between(20, 40) * SECOND;
      s.bet(p, t, GameCatalog.BLACKJACK, null, 200, s.ordinaryPayout(200), 15 * SECOND, null);
    }
    s.account(p, t + MINUTE, LOGOUT, away);
  }
}
