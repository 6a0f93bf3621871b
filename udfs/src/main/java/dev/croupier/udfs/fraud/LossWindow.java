package dev.croupier.udfs.fraud;

import java.util.Arrays;

/**
 * Chip-dumping's window: per loss its time, amount lost, counterparty (null for a house game) and,
 * for a loss to a counterparty only, its eventId (the evidence an alert names; a house-game loss
 * only counts in the total). Running sums over every loss held — the total and per counterparty —
 * are kept as losses enter and leave, so a judgement over the whole held window reads them instead
 * of rescanning it. A sum that would overflow a {@code long} switches them off ({@link
 * #overflowed}) until the held losses fit again; judgements then rescan with saturating sums, as
 * before. In state it has a serializer of its own ({@link LossWindowTypeInfo}); it stays a valid
 * Flink POJO, which earlier versions wrote it as.
 */
public class LossWindow extends CompactWindow {
  public long[] lost = new long[0];
  public String[] counterparty = new String[0];
  public String[] eventId = new String[0];

  /** The sum of {@link #lost} (valid unless {@link #overflowed}). */
  public long total;

  /** The counterparties held and their losses (valid unless {@link #overflowed}). */
  public String[] counterparties = new String[0];

  public long[] counterpartyLosses = new long[0];

  /** A running sum does not fit a long: the sums are not kept. */
  public boolean overflowed;

  public LossWindow() {}

  /** Adds a loss of {@code amount} (positive) to {@code to} (null: the house). */
  public void add(long time, long amount, String to, String id) {
    int i = appendSlot();
    at[i] = time;
    lost[i] = amount;
    counterparty[i] = to;
    eventId[i] = to == null ? null : id;
    if (!overflowed) {
      try {
        count(amount, to);
      } catch (ArithmeticException e) {
        overflowed = true;
      }
    }
  }

  /** Index of {@code to} among {@link #counterparties}, -1 if absent. */
  public int indexOfCounterparty(String to) {
    for (int i = 0; i < counterparties.length; i++) {
      if (counterparties[i].equals(to)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  protected void forget(int n) {
    if (overflowed) {
      return; // recounted once they are gone
    }
    for (int i = 0; i < n; i++) {
      total -= lost[i];
      if (counterparty[i] != null) {
        int c = indexOfCounterparty(counterparty[i]);
        counterpartyLosses[c] -= lost[i];
        if (counterpartyLosses[c] == 0) { // losses are positive: none of it is held any more
          removeCounterparty(c);
        }
      }
    }
  }

  @Override
  protected void dropFirst(int n) {
    super.dropFirst(n);
    if (n > 0 && overflowed) {
      recount();
    }
  }

  @Override
  protected void shift(int n) {
    super.shift(n);
    shift(lost, n);
    shift(counterparty, n);
    shift(eventId, n);
  }

  @Override
  protected void resize(int capacity) {
    super.resize(capacity);
    lost = Arrays.copyOf(lost, capacity);
    counterparty = Arrays.copyOf(counterparty, capacity);
    eventId = Arrays.copyOf(eventId, capacity);
  }

  /** Recomputes the sums over the losses held; they stay off while they still overflow. */
  private void recount() {
    total = 0;
    counterparties = new String[0];
    counterpartyLosses = new long[0];
    overflowed = false;
    try {
      for (int i = 0; i < size; i++) {
        count(lost[i], counterparty[i]);
      }
    } catch (ArithmeticException e) {
      overflowed = true;
    }
  }

  private void count(long amount, String to) {
    total = Math.addExact(total, amount);
    if (to != null) {
      int c = indexOfCounterparty(to);
      if (c < 0) {
        counterparties = append(counterparties, to);
        counterpartyLosses = append(counterpartyLosses, amount);
      } else {
        counterpartyLosses[c] = Math.addExact(counterpartyLosses[c], amount);
      }
    }
  }

  private static String[] append(String[] a, String v) {
    String[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  private static long[] append(long[] a, long v) {
    long[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  private void removeCounterparty(int c) {
    int n = counterparties.length;
    String[] names = new String[n - 1];
    long[] sums = new long[n - 1];
    System.arraycopy(counterparties, 0, names, 0, c);
    System.arraycopy(counterparties, c + 1, names, c, n - c - 1);
    System.arraycopy(counterpartyLosses, 0, sums, 0, c);
    System.arraycopy(counterpartyLosses, c + 1, sums, c, n - c - 1);
    counterparties = names;
    counterpartyLosses = sums;
  }
}
