package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A key's recent records for a sliding-window rule, kept as parallel arrays of only the fields the
 * rule reads (event time first, oldest first) instead of whole {@link PlayerEvent}s: the heap
 * backend writes every byte of it into every checkpoint, and a whole event costs several times what
 * a rule needs of it. The first {@link #size} slots of each column hold the records. A Flink POJO
 * serializes the arrays whole, so their spare capacity is kept small (an eighth, at least four)
 * while still growing geometrically: adding is amortized O(1), without an array copy per event;
 * eviction shifts the columns in place. Subclasses add their columns and keep them aligned with
 * {@link #at}.
 */
public abstract class CompactWindow implements RuleWindow {
  /** Event time of each record, oldest first. */
  public long[] at = new long[0];

  /** How many records the columns hold. */
  public int size;

  /** The versions whose condition held after the previous event: each alerts on its rise only. */
  public List<Long> firingVersions = new ArrayList<>();

  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public long newestAt() {
    return at[size - 1];
  }

  /**
   * Index of the first record at or after {@code from}, scanning from the oldest (the same rule as
   * {@link SlidingWindow#from}: the first record at or after it and everything behind it count).
   */
  public int indexFrom(long from) {
    int n = 0;
    while (n < size && at[n] < from) {
      n++;
    }
    return n;
  }

  /** Drops records before {@code from}; the window then spans at most {@code newest - from}. */
  @Override
  public void evictBefore(long from) {
    dropFirst(indexFrom(from));
  }

  /** Keeps at most {@code max} records (the newest): a bound for pathological keys. */
  @Override
  public void capAt(int max) {
    if (size > max) {
      dropFirst(size - max);
    }
  }

  /** Makes room for one more record in every column; returns its index. */
  protected int appendSlot() {
    if (size == at.length) {
      resize(size + Math.max(4, size / 8));
    }
    return size++;
  }

  /** Drops the oldest {@code n} records from every column. */
  protected void dropFirst(int n) {
    if (n <= 0) {
      return;
    }
    forget(n);
    shift(n);
    size -= n;
    if (at.length > size + Math.max(8, size / 4)) { // much spare room: give it back
      resize(size + Math.max(4, size / 8));
    }
  }

  /** Called with the records about to be dropped (the first {@code n}), before they go. */
  protected void forget(int n) {}

  /** Moves records {@code n..size} of every column to the front (and clears what they vacate). */
  protected void shift(int n) {
    System.arraycopy(at, n, at, 0, size - n);
  }

  /** Gives every column {@code capacity} slots, keeping the records. */
  protected void resize(int capacity) {
    at = java.util.Arrays.copyOf(at, capacity);
  }

  @Override
  public List<Long> firingVersions() {
    return firingVersions;
  }

  @Override
  public boolean remembersVersions() {
    return !firingVersions.isEmpty();
  }

  @Override
  public void keepFiringOf(Collection<Long> running) {
    firingVersions.retainAll(running);
  }

  /** Moves {@code a[n..size)} to the front and clears the references left behind. */
  protected final void shift(Object[] a, int n) {
    System.arraycopy(a, n, a, 0, size - n);
    java.util.Arrays.fill(a, size - n, size, null);
  }

  protected final void shift(long[] a, int n) {
    System.arraycopy(a, n, a, 0, size - n);
  }
}
