package dev.croupier.udfs.fraud;

import java.util.Arrays;

/**
 * Payout-anomaly's window: per settlement its time, stake, payout and eventId (all of them are an
 * alert's evidence), nothing else of the event. In state it has a serializer of its own ({@link
 * SettlementWindowTypeInfo}); it stays a valid Flink POJO, which earlier versions wrote it as.
 */
public class SettlementWindow extends CompactWindow {
  public long[] stake = new long[0];
  public long[] payout = new long[0];
  public String[] eventId = new String[0];

  public SettlementWindow() {}

  public void add(long time, long staked, long paid, String id) {
    int i = appendSlot();
    at[i] = time;
    stake[i] = staked;
    payout[i] = paid;
    eventId[i] = id;
  }

  @Override
  protected void shift(int n) {
    super.shift(n);
    shift(stake, n);
    shift(payout, n);
    shift(eventId, n);
  }

  @Override
  protected void resize(int capacity) {
    super.resize(capacity);
    stake = Arrays.copyOf(stake, capacity);
    payout = Arrays.copyOf(payout, capacity);
    eventId = Arrays.copyOf(eventId, capacity);
  }
}
