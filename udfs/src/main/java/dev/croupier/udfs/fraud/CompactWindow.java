package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A key's recent records for a sliding-window rule, kept as parallel arrays of only the fields the
 * rule reads (event time first, oldest first) instead of whole {@link PlayerEvent}s: the heap
 * backend writes every byte of it into every checkpoint, and a whole event costs several times what
 * a rule needs of it. Arrays are exact-size (a Flink POJO serializes them whole), so adding or
 * evicting copies them: for the few dozen records a window holds that is cheaper than the boxed
 * list it replaced. Subclasses add their columns and keep them aligned with {@link #at}.
 */
public abstract class CompactWindow {
  /** Event time of each record, oldest first. */
  public long[] at = new long[0];

  /** The versions whose condition held after the previous event: each alerts on its rise only. */
  public List<Long> firingVersions = new ArrayList<>();

  public int size() {
    return at.length;
  }

  public boolean isEmpty() {
    return at.length == 0;
  }

  public long newestAt() {
    return at[at.length - 1];
  }

  /**
   * Index of the first record at or after {@code from}, scanning from the oldest (the same rule as
   * {@link SlidingWindow#from}: the first record at or after it and everything behind it count).
   */
  public int indexFrom(long from) {
    int n = 0;
    while (n < at.length && at[n] < from) {
      n++;
    }
    return n;
  }

  /** Drops records before {@code from}; the window then spans at most {@code newest - from}. */
  public void evictBefore(long from) {
    dropFirst(indexFrom(from));
  }

  /** Keeps at most {@code max} records (the newest): a bound for pathological keys. */
  public void capAt(int max) {
    if (at.length > max) {
      dropFirst(at.length - max);
    }
  }

  /** Drops the oldest {@code n} records from every column. */
  protected abstract void dropFirst(int n);

  /**
   * True when {@code condition} holds now for {@code version} but did not after the previous event.
   */
  public boolean rises(long version, boolean condition) {
    boolean was = firingVersions.contains(version);
    if (condition && !was) {
      firingVersions.add(version);
    } else if (!condition && was) {
      firingVersions.remove(version);
    }
    return condition && !was;
  }

  /** Forgets what versions that no longer run remembered. */
  public void keepFiringOf(Collection<Long> running) {
    firingVersions.retainAll(running);
  }

  /** {@code a} with {@code v} appended. */
  protected static long[] append(long[] a, long v) {
    long[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  /** {@code a} with {@code v} appended. */
  protected static String[] append(String[] a, String v) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  protected static long[] dropFirst(long[] a, int n) {
    return java.util.Arrays.copyOfRange(a, n, a.length);
  }

  protected static String[] dropFirst(String[] a, int n) {
    return java.util.Arrays.copyOfRange(a, n, a.length);
  }
}
