package dev.croupier.simulator.event;

import dev.croupier.schemas.topics.Topics;

/**
 * The platform's input topics, as the simulator addresses them; each stands for its contract in the
 * schemas module's topic registry ({@link Topics}), which owns the names and record classes.
 */
public enum Topic {
  BETS(Topics.BETS),
  ROUNDS(Topics.ROUNDS),
  PAYMENTS(Topics.PAYMENTS),
  ACCOUNTS(Topics.ACCOUNTS);

  private final dev.croupier.schemas.topics.Topic<?> contract;

  Topic(dev.croupier.schemas.topics.Topic<?> contract) {
    this.contract = contract;
  }

  /** The topic's contract: name, record class, key and field rules. */
  public dev.croupier.schemas.topics.Topic<?> contract() {
    return contract;
  }

  /** The Kafka topic name, e.g. {@code platform.bets}. */
  public String topicName() {
    return contract.name();
  }

  /** The topic called {@code name}; fails naming the known topics otherwise. */
  public static Topic of(String name) {
    for (Topic t : values()) {
      if (t.topicName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown topic '"
            + name
            + "', expected one of platform.bets, "
            + "platform.rounds, platform.payments, platform.accounts");
  }
}
