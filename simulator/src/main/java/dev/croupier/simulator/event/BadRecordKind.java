package dev.croupier.simulator.event;

/**
 * Deliberately broken records, sent so the jobs' dead-letter path can be watched. They belong to
 * players of their own, so no balance, leaderboard or rule is meant to see them.
 */
public enum BadRecordKind {
  /** Bytes that do not start with the wire format's magic byte 0. */
  NOT_WIRE_FORMAT("not-wire-format"),
  /** A well-formed BetPlaced whose stake breaks the "never negative" field rule. */
  NEGATIVE_STAKE("negative-stake");

  private final String label;

  BadRecordKind(String label) {
    this.label = label;
  }

  /** The label written to event logs and statistics. */
  public String label() {
    return label;
  }

  /** The kind labelled {@code label}. */
  public static BadRecordKind ofLabel(String label) {
    for (BadRecordKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown bad-record kind '" + label + "'");
  }
}
