package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key's recent events, oldest first, kept for the longest window any running version of the rule
 * has; each version looks at the tail within its own window ({@link #from}). Events arrive in
 * event-time order (see {@link EventTimeSorter}), so eviction is from the head. A Flink POJO, kept
 * in one ValueState per key.
 */
public class SlidingWindow implements RuleWindow {
  public List<PlayerEvent> events = new ArrayList<>();

  /**
   * Kept only so that savepoints taken before versioned rules restore: sums are now taken per
   * version over its own window, with {@link Sums}.
   */
  public long stakeSum;

  /** Kept for savepoints taken before versioned rules; see {@link #firingVersions}. */
  public long payoutSum;

  /** Kept for savepoints taken before versioned rules; see {@link #firingVersions}. */
  public boolean firing;

  /**
   * The versions whose condition held after the previous event: each alerts on its own rise only.
   */
  public List<Long> firingVersions = new ArrayList<>();

  /**
   * Sequence rules: version → the event its last case completed at; events up to it are not used
   * again.
   */
  public Map<Long, EventMark> matched = new HashMap<>();

  public SlidingWindow() {}

  public void add(PlayerEvent e) {
    events.add(e);
  }

  /** Drops events before {@code from}; the window then spans at most {@code newest - from}. */
  @Override
  public void evictBefore(long from) {
    dropFirst(indexFrom(from));
  }

  /** Keeps at most {@code max} events (the newest): a bound for pathological keys. */
  @Override
  public void capAt(int max) {
    if (events.size() > max) {
      dropFirst(events.size() - max);
    }
  }

  /** The events at or after {@code from}, oldest first (a view). */
  public List<PlayerEvent> from(long from) {
    return events.subList(indexFrom(from), events.size());
  }

  @Override
  public List<Long> firingVersions() {
    return firingVersions;
  }

  @Override
  public boolean remembersVersions() {
    return !firingVersions.isEmpty() || !matched.isEmpty();
  }

  @Override
  public void keepFiringOf(Collection<Long> running) {
    firingVersions.retainAll(running);
    matched.keySet().retainAll(running);
  }

  @Override
  public boolean isEmpty() {
    return events.isEmpty();
  }

  public int size() {
    return events.size();
  }

  @Override
  public long newestAt() {
    return events.get(events.size() - 1).occurredAt;
  }

  /** The last {@code n} events (fewer if the window holds fewer), oldest first. */
  public List<PlayerEvent> last(int n) {
    return events.subList(Math.max(0, events.size() - n), events.size());
  }

  private int indexFrom(long from) {
    int n = 0;
    while (n < events.size() && events.get(n).occurredAt < from) {
      n++;
    }
    return n;
  }

  private void dropFirst(int n) {
    if (n > 0) {
      events = new ArrayList<>(events.subList(n, events.size()));
    }
  }
}
