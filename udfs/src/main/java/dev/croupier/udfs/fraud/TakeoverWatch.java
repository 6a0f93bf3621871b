package dev.croupier.udfs.fraud;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What account-takeover holds for a player while an attack is possible: the failed logins of the
 * longest running window, the successful logins that came while enough of them were in it (each
 * with when its device and IP had last been seen before), and per version the event its last case
 * completed at. A Flink POJO.
 */
public class TakeoverWatch {
  public List<PlayerEvent> failures = new ArrayList<>();
  public List<SeenLogin> logins = new ArrayList<>();
  public Map<Long, EventMark> matched = new HashMap<>();

  public TakeoverWatch() {}

  /** A successful login and when its device and IP were last seen before it (null: never). */
  public static class SeenLogin {
    public PlayerEvent login;
    public Long deviceLastSeen;
    public Long ipLastSeen;

    public SeenLogin() {}

    public static SeenLogin of(PlayerEvent login, Long deviceLastSeen, Long ipLastSeen) {
      SeenLogin s = new SeenLogin();
      s.login = login;
      s.deviceLastSeen = deviceLastSeen;
      s.ipLastSeen = ipLastSeen;
      return s;
    }
  }

  /** Drops failures and logins before {@code from}. */
  public void evictBefore(long from) {
    failures.removeIf(f -> f.occurredAt < from);
    logins.removeIf(l -> l.login.occurredAt < from);
  }

  public boolean isEmpty() {
    return failures.isEmpty() && logins.isEmpty();
  }

  /** Time of the newest failure or login held. */
  public long newestAt() {
    long newest = Long.MIN_VALUE;
    if (!failures.isEmpty()) {
      newest = failures.get(failures.size() - 1).occurredAt;
    }
    if (!logins.isEmpty()) {
      newest = Math.max(newest, logins.get(logins.size() - 1).login.occurredAt);
    }
    return newest;
  }
}
