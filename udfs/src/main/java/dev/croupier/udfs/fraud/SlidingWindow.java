package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.List;

/**
 * A key's recent events, oldest first, with the running stake and payout sums of what it holds.
 * Events arrive in event-time order (see {@link EventTimeSorter}), so eviction is from the head. A
 * Flink POJO, kept in one ValueState per key.
 */
public class SlidingWindow {
  public List<PlayerEvent> events = new ArrayList<>();
  public long stakeSum;
  public long payoutSum;
  /** Whether the rule's condition held after the previous event: alert on the rise only. */
  public boolean firing;

  public SlidingWindow() {}

  public void add(PlayerEvent e) {
    events.add(e);
    stakeSum += e.stake;
    payoutSum += e.payout;
  }

  /** Drops events before {@code from}; the window then spans at most {@code newest - from}. */
  public void evictBefore(long from) {
    int n = 0;
    while (n < events.size() && events.get(n).occurredAt < from) {
      n++;
    }
    dropFirst(n);
  }

  /** Keeps at most {@code max} events (the newest): a bound for pathological keys. */
  public void capAt(int max) {
    if (events.size() > max) {
      dropFirst(events.size() - max);
    }
  }

  /** True when {@code condition} holds now but did not after the previous event. */
  public boolean rises(boolean condition) {
    boolean rose = condition && !firing;
    firing = condition;
    return rose;
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  public int size() {
    return events.size();
  }

  public long newestAt() {
    return events.get(events.size() - 1).occurredAt;
  }

  /** The last {@code n} events (fewer if the window holds fewer), oldest first. */
  public List<PlayerEvent> last(int n) {
    return events.subList(Math.max(0, events.size() - n), events.size());
  }

  private void dropFirst(int n) {
    if (n == 0) {
      return;
    }
    for (PlayerEvent e : events.subList(0, n)) {
      stakeSum -= e.stake;
      payoutSum -= e.payout;
    }
    events = new ArrayList<>(events.subList(n, events.size()));
  }
}
