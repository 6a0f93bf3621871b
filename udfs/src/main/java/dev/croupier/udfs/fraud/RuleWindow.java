package dev.croupier.udfs.fraud;

import java.util.Collection;
import java.util.List;

/**
 * What a {@link WindowRule} needs of a key's window, whatever the window keeps of each event: whole
 * events ({@link SlidingWindow}) or compact columns ({@link CompactWindow}). Records are in
 * event-time order, oldest first.
 */
public interface RuleWindow {
  boolean isEmpty();

  /** Event time of the newest record; only when not empty. */
  long newestAt();

  /** Drops records before {@code from}; the window then spans at most {@code newest - from}. */
  void evictBefore(long from);

  /** Keeps at most {@code max} records (the newest): a bound for pathological keys. */
  void capAt(int max);

  /** The versions whose condition held after the previous event: each alerts on its rise only. */
  List<Long> firingVersions();

  /** Whether it remembers anything per version; if not, {@link #keepFiringOf} has nothing to do. */
  boolean remembersVersions();

  /** Forgets what versions that no longer run remembered. */
  void keepFiringOf(Collection<Long> running);

  /**
   * True when {@code condition} holds now for {@code version} but did not after the previous event.
   */
  default boolean rises(long version, boolean condition) {
    List<Long> firing = firingVersions();
    boolean was = firing.contains(version);
    if (condition && !was) {
      firing.add(version);
    } else if (!condition && was) {
      firing.remove(version);
    }
    return condition && !was;
  }
}
