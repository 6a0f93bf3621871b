package dev.croupier.simulator.event;

import dev.croupier.simulator.engine.Seeds;

/**
 * Ids for events, bets, rounds, payments and sessions: a counter per kind, scrambled with the run's
 * seed by a bijection, so ids are unique within a run, look random, and repeat exactly for a seed.
 */
public final class IdSequence {
  private final long eventSalt;
  private final long betSalt;
  private final long roundSalt;
  private final long paymentSalt;
  private final long sessionSalt;
  private long events;
  private long bets;
  private long rounds;
  private long payments;
  private long sessions;

  public IdSequence(long seed) {
    this.eventSalt = Seeds.derive(seed, 101, 0);
    this.betSalt = Seeds.derive(seed, 102, 0);
    this.roundSalt = Seeds.derive(seed, 103, 0);
    this.paymentSalt = Seeds.derive(seed, 104, 0);
    this.sessionSalt = Seeds.derive(seed, 105, 0);
  }

  public String nextEventId() {
    return Seeds.hexId("e-", Seeds.mix(eventSalt + events++));
  }

  public String nextBetId() {
    return Seeds.hexId("b-", Seeds.mix(betSalt + bets++));
  }

  public String nextRoundId() {
    return Seeds.hexId("r-", Seeds.mix(roundSalt + rounds++));
  }

  public String nextPaymentId() {
    return Seeds.hexId("p-", Seeds.mix(paymentSalt + payments++));
  }

  public String nextSessionId() {
    return Seeds.hexId("s-", Seeds.mix(sessionSalt + sessions++));
  }

  /** How many events have been given an id so far. */
  public long eventCount() {
    return events;
  }
}
