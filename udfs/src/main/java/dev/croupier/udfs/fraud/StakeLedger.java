package dev.croupier.udfs.fraud;

/**
 * A player's running stake total while some opening event (a deposit, a bonus) is recent enough to
 * matter, and until when it matters. The stake between two events is the difference of their
 * stamps. A Flink POJO.
 */
public class StakeLedger {
  public long staked;
  public long openUntil;

  public StakeLedger() {}
}
