package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The players seen on one device or payment instrument recently: each player's latest event there,
 * and when each version of the rule last alerted on it (the link's own cool-down). A Flink POJO.
 */
public class LinkedPlayers {
  public Map<String, PlayerEvent> latestByPlayer = new HashMap<>();
  public long newestAt;

  /** Kept only so that savepoints taken before versioned rules restore; see {@link #alerted}. */
  public Long alertedAt;

  /** Version → when it last alerted on this link. */
  public Map<Long, Long> alerted = new HashMap<>();

  public LinkedPlayers() {}

  /** Forgets players whose latest event here is before {@code from}. */
  public void evictBefore(long from) {
    latestByPlayer.values().removeIf(e -> e.occurredAt < from);
  }

  /** Keeps the {@code max} most recent players. */
  public void capAt(int max) {
    while (latestByPlayer.size() > max) {
      PlayerEvent oldest =
          latestByPlayer.values().stream()
              .min(
                  Comparator.comparingLong((PlayerEvent e) -> e.occurredAt)
                      .thenComparing(e -> e.eventId))
              .orElseThrow();
      latestByPlayer.remove(oldest.userId);
    }
  }

  /** The players' latest events at or after {@code from}, oldest first. */
  public List<PlayerEvent> since(long from) {
    List<PlayerEvent> out = new ArrayList<>();
    for (PlayerEvent e : latestByPlayer.values()) {
      if (e.occurredAt >= from) {
        out.add(e);
      }
    }
    out.sort(
        Comparator.comparingLong((PlayerEvent e) -> e.occurredAt).thenComparing(e -> e.eventId));
    return out;
  }
}
