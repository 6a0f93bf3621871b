package dev.croupier.udfs.config;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The topic names a job uses; defaults are DESIGN.md's, each overridable with {@code
 * topics.<name>}.
 */
public record TopicNames(
    String bets,
    String rounds,
    String payments,
    String accounts,
    String alerts,
    String balances,
    String dlq)
    implements Serializable {

  public static TopicNames defaults() {
    return new TopicNames(
        "platform.bets",
        "platform.rounds",
        "platform.payments",
        "platform.accounts",
        "risk.alerts",
        "platform.balances",
        "platform.dlq");
  }

  /** {@code topic} under its configured name (record class, key and field rules unchanged). */
  public <T extends SpecificRecordBase> Topic<T> resolve(Topic<T> topic) {
    String configured = nameOf(topic);
    return configured.equals(topic.name()) ? topic : topic.named(configured);
  }

  private String nameOf(Topic<?> topic) {
    if (topic.recordClass() == Topics.BETS.recordClass()) return bets;
    if (topic.recordClass() == Topics.ROUNDS.recordClass()) return rounds;
    if (topic.recordClass() == Topics.PAYMENTS.recordClass()) return payments;
    if (topic.recordClass() == Topics.ACCOUNTS.recordClass()) return accounts;
    if (topic.recordClass() == Topics.ALERTS.recordClass()) return alerts;
    if (topic.recordClass() == Topics.BALANCES.recordClass()) return balances;
    if (topic.recordClass() == Topics.DLQ.recordClass()) return dlq;
    throw new IllegalArgumentException("No configured name for " + topic);
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
