package dev.croupier.simulator.scenario;

import java.time.Duration;

/**
 * The default fraud rules of DESIGN.md. {@link #window()} is the rule's time window; a scenario
 * keeps its decisive events inside one epoch-aligned window of that length, so the rule fires
 * whether the job slides its windows or tumbles them.
 */
public enum RuleId {
  RAPID_CASHOUT("rapid-cashout", Duration.ofMinutes(30)),
  BET_VELOCITY("bet-velocity", Duration.ofSeconds(10)),
  ACCOUNT_TAKEOVER("account-takeover", Duration.ofMinutes(15)),
  MULTI_ACCOUNTING("multi-accounting", Duration.ofHours(24)),
  CARD_TESTING("card-testing", Duration.ofMinutes(10)),
  BONUS_ABUSE("bonus-abuse", Duration.ofHours(24)),
  STAKE_ANOMALY("stake-anomaly", Duration.ZERO),
  IMPOSSIBLE_TRAVEL("impossible-travel", Duration.ZERO),
  PAYOUT_ANOMALY("payout-anomaly", Duration.ofHours(1)),
  CHIP_DUMPING("chip-dumping", Duration.ofHours(24));

  private final String id;
  private final Duration window;

  RuleId(String id, Duration window) {
    this.id = id;
    this.window = window;
  }

  /** The rule id as alerts carry it, e.g. {@code rapid-cashout}. */
  public String id() {
    return id;
  }

  /** The rule's window, {@link Duration#ZERO} for rules without one. */
  public Duration window() {
    return window;
  }

  /** The rule with id {@code id}; fails naming the known ids. */
  public static RuleId of(String id) {
    for (RuleId r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    StringBuilder known = new StringBuilder();
    for (RuleId r : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(r.id);
    }
    throw new IllegalArgumentException("unknown rule '" + id + "', expected one of " + known);
  }
}
