package dev.croupier.udfs.config;

import java.io.Serializable;

/** The topic names a job uses; defaults are DESIGN.md's, each overridable with {@code topics.<name>}. */
public record TopicNames(String bets, String rounds, String payments, String accounts, String alerts,
    String balances, String dlq) implements Serializable {

  public static TopicNames defaults() {
    return new TopicNames("platform.bets", "platform.rounds", "platform.payments", "platform.accounts",
        "risk.alerts", "platform.balances", "platform.dlq");
  }

  static TopicNames from(ConfigValues c) {
    TopicNames d = defaults();
    return new TopicNames(
        c.string("topics.bets", d.bets()),
        c.string("topics.rounds", d.rounds()),
        c.string("topics.payments", d.payments()),
        c.string("topics.accounts", d.accounts()),
        c.string("topics.alerts", d.alerts()),
        c.string("topics.balances", d.balances()),
        c.string("topics.dlq", d.dlq()));
  }
}
