package dev.croupier.simulator.event;

/** The platform's input topics (DESIGN.md, "Input topics"), each with the record type it carries. */
public enum Topic {
  BETS("platform.bets"),
  ROUNDS("platform.rounds"),
  PAYMENTS("platform.payments"),
  ACCOUNTS("platform.accounts");

  private final String topicName;

  Topic(String topicName) {
    this.topicName = topicName;
  }

  /** The Kafka topic name, e.g. {@code platform.bets}. */
  public String topicName() {
    return topicName;
  }

  /** The topic called {@code name}; fails naming the known topics otherwise. */
  public static Topic of(String name) {
    for (Topic t : values()) {
      if (t.topicName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown topic '" + name + "', expected one of platform.bets, "
        + "platform.rounds, platform.payments, platform.accounts");
  }
}
