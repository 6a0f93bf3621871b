package dev.croupier.simulator.scenario;

import dev.croupier.simulator.event.Access;

/**
 * A fresh player dedicated to one scenario: never a background player, never in two scenarios, so
 * nothing but the scenario's own script shapes what the rules see of it. Tracks its balance so a
 * script can never overdraw.
 */
public final class Persona {
  private final String userId;
  private final Access home;
  private final String instrument;
  private final String sessionId;
  private long balance;

  Persona(String userId, Access home, String instrument, String sessionId) {
    this.userId = userId;
    this.home = home;
    this.instrument = instrument;
    this.sessionId = sessionId;
  }

  /** The playing session its bets belong to. */
  public String sessionId() {
    return sessionId;
  }

  public String userId() {
    return userId;
  }

  /** Where the player usually plays from: its own device, IP and city. */
  public Access home() {
    return home;
  }

  /** The player's own payment instrument. */
  public String instrument() {
    return instrument;
  }

  public long balance() {
    return balance;
  }

  void add(long amount) {
    balance += amount;
  }

  void take(long amount) {
    if (amount > balance) {
      throw new IllegalStateException("scenario script overdraws " + userId);
    }
    balance -= amount;
  }
}
