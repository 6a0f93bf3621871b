package dev.croupier.udfs.fraud;

/**
 * Payout-anomaly's window: per settlement its time, stake, payout and eventId (all of them are an
 * alert's evidence), nothing else of the event. A Flink POJO.
 */
public class SettlementWindow extends CompactWindow {
  public long[] stake = new long[0];
  public long[] payout = new long[0];
  public String[] eventId = new String[0];

  public SettlementWindow() {}

  public void add(long time, long staked, long paid, String id) {
    at = append(at, time);
    stake = append(stake, staked);
    payout = append(payout, paid);
    eventId = append(eventId, id);
  }

  @Override
  protected void dropFirst(int n) {
    if (n <= 0) {
      return;
    }
    at = dropFirst(at, n);
    stake = dropFirst(stake, n);
    payout = dropFirst(payout, n);
    eventId = dropFirst(eventId, n);
  }
}
