package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The players seen on one device or payment instrument recently: each player's latest event there,
 * and when the last alert for it fired (the link's own cool-down). A Flink POJO.
 */
public class LinkedPlayers {
  public Map<String, PlayerEvent> latestByPlayer = new HashMap<>();
  public long newestAt;
  public Long alertedAt;

  public LinkedPlayers() {}

  /** Forgets players whose latest event here is before {@code from}. */
  public void evictBefore(long from) {
    latestByPlayer.values().removeIf(e -> e.occurredAt < from);
  }

  /** Keeps the {@code max} most recent players. */
  public void capAt(int max) {
    while (latestByPlayer.size() > max) {
      PlayerEvent oldest = latestByPlayer.values().stream()
          .min(Comparator.comparingLong((PlayerEvent e) -> e.occurredAt).thenComparing(e -> e.eventId))
          .orElseThrow();
      latestByPlayer.remove(oldest.userId);
    }
  }

  /** The players' latest events, oldest first. */
  public List<PlayerEvent> byTime() {
    List<PlayerEvent> out = new ArrayList<>(latestByPlayer.values());
    out.sort(Comparator.comparingLong((PlayerEvent e) -> e.occurredAt).thenComparing(e -> e.eventId));
    return out;
  }
}
