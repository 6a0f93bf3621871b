package dev.croupier.drills.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.Tuple;

/**
 * The jobs' Redis views as a dashboard reads them: balance hashes, leaderboard sorted sets, the
 * per-player alert sets and the recent-alerts stream, each rendered as comparable text.
 */
public final class RedisViews {
  private final RedisClient client;
  private final String prefix;

  public RedisViews(RedisClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  /** {@code balance:<user>} → "EUR balance=… deposited=… … seq=…". */
  public Map<String, String> balances() {
    Map<String, String> out = new TreeMap<>();
    for (String key : keys(prefix + "balance:*")) {
      Map<String, String> h = client.hgetAll(key);
      out.put(
          key.substring(prefix.length() + "balance:".length()),
          balance(
              h.get("currency"),
              h.get("balance"),
              h.get("deposited"),
              h.get("withdrawn"),
              h.get("staked"),
              h.get("paidOut"),
              h.get("bonus"),
              h.get("seq")));
    }
    return out;
  }

  static String balance(Object currency, Object... fields) {
    String[] names = {"balance", "deposited", "withdrawn", "staked", "paidOut", "bonus", "seq"};
    StringBuilder s = new StringBuilder(String.valueOf(currency));
    for (int i = 0; i < names.length; i++) {
      s.append(' ').append(names[i]).append('=').append(fields[i]);
    }
    return s.toString();
  }

  /** {@code lb:…} key → "[u1=score, u2=score, …]" in ZREVRANGE order. */
  public Map<String, String> boards() {
    Map<String, String> out = new TreeMap<>();
    for (String key : keys(prefix + "lb:*")) {
      List<Tuple> members = client.zrevrangeWithScores(key, 0, -1);
      out.put(
          key, members.stream().map(t -> t.getElement() + "=" + t.getScore()).toList().toString());
    }
    return out;
  }

  /** userId → the alertIds in {@code alerts:user:<userId>}, sorted. */
  public Map<String, List<String>> alertsPerUser() {
    Map<String, List<String>> out = new TreeMap<>();
    String userPrefix = prefix + "alerts:user:";
    for (String key : keys(userPrefix + "*")) {
      List<String> ids = new ArrayList<>(client.zrange(key, 0, -1));
      ids.sort(null);
      out.put(key.substring(userPrefix.length()), ids);
    }
    return out;
  }

  /** The alertId of every entry of {@code alerts:recent}, oldest first. */
  public List<String> recentAlertIds() {
    List<String> ids = new ArrayList<>();
    for (StreamEntry e :
        client.xrange(prefix + "alerts:recent", (redis.clients.jedis.StreamEntryID) null, null)) {
      ids.add(e.getFields().get("alertId"));
    }
    return ids;
  }

  private List<String> keys(String pattern) {
    List<String> keys = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams params = new ScanParams().match(pattern).count(1000);
    do {
      ScanResult<String> page = client.scan(cursor, params);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }
}
