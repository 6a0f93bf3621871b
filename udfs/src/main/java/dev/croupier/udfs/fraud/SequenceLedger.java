package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a money-sequence rule holds for a player (rapid-cashout: the recent qualifying deposits;
 * bonus-abuse: the registration and the bonuses after it), the running totals that measure play in
 * between (taken only while something is held), and per version the last event a case completed at.
 * A Flink POJO.
 */
public class SequenceLedger {
  /** The opening events held, oldest first. */
  public List<HeldPayment> held = new ArrayList<>();

  /** A registration, for rules that start there; null otherwise. */
  public HeldPayment registration;

  /** Running stake total, counted while something is held. */
  public long staked;

  /** Running payouts − stakes of settlements, counted while something is held. */
  public long netWon;

  /** Version → the event its last case completed at. */
  public Map<Long, EventMark> matched = new HashMap<>();

  public SequenceLedger() {}

  /** Drops held events before {@code from}. */
  public void evictBefore(long from) {
    held.removeIf(h -> h.at < from);
  }
}
