package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceOracle;
import dev.croupier.jobs.leaderboard.LeaderboardOracle;
import dev.croupier.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the jobs' Redis views and compares them with the oracles, polling until they agree (the
 * views trail the jobs by a flush) or a timeout passes, then failing with the differences.
 */
final class RedisViews implements AutoCloseable {
  private static final int SHOWN = 10;
  private final RedisClient client;
  private final String prefix;

  RedisViews(RedisServer redis, String prefix) {
    this.client = redis.newClient();
    this.prefix = prefix;
  }

  void assertBalancesSettleTo(Map<String, BalanceOracle.Expected> oracle, Duration timeout)
      throws InterruptedException {
    Map<String, String> expected = new TreeMap<>();
    oracle.forEach(
        (user, e) -> {
          if (e.seq > 0) { // a player whose events moved nothing has no hash
            expected.put(
                prefix + "balance:" + user,
                e.currency
                    + " balance="
                    + e.balance
                    + " deposited="
                    + e.deposited
                    + " withdrawn="
                    + e.withdrawn
                    + " staked="
                    + e.staked
                    + " paidOut="
                    + e.paidOut
                    + " bonus="
                    + e.bonus
                    + " seq="
                    + e.seq);
          }
        });
    assertSettles("balances", expected, this::balances, timeout, 200);
  }

  void assertBoardsSettleTo(Map<String, List<LeaderboardOracle.Ranked>> oracle, Duration timeout)
      throws InterruptedException {
    Map<String, String> expected = new TreeMap<>();
    oracle.forEach(
        (key, ranked) ->
            expected.put(
                key, ranked.stream().map(r -> r.userId() + "=" + r.score()).toList().toString()));
    assertSettles("leaderboards", expected, this::boards, timeout, 50);
  }

  private Map<String, String> balances() {
    Map<String, String> out = new TreeMap<>();
    for (String key : client.keys(prefix + "balance:*")) {
      Map<String, String> h = client.hgetAll(key);
      out.put(
          key,
          h.get("currency")
              + " balance="
              + h.get("balance")
              + " deposited="
              + h.get("deposited")
              + " withdrawn="
              + h.get("withdrawn")
              + " staked="
              + h.get("staked")
              + " paidOut="
              + h.get("paidOut")
              + " bonus="
              + h.get("bonus")
              + " seq="
              + h.get("seq"));
    }
    return out;
  }

  private Map<String, String> boards() {
    Map<String, String> out = new TreeMap<>();
    for (String key : client.keys(prefix + "lb:*")) {
      List<Tuple> members = client.zrevrangeWithScores(key, 0, -1);
      out.put(
          key, members.stream().map(t -> t.getElement() + "=" + t.getScore()).toList().toString());
    }
    return out;
  }

  private static void assertSettles(
      String what,
      Map<String, String> expected,
      Supplier<Map<String, String>> actual,
      Duration timeout,
      int atLeast)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> got = actual.get();
    while (!got.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      got = actual.get();
    }
    assertThat(diff(expected, got))
        .as(
            what
                + " in Redis against the oracle (first "
                + SHOWN
                + " differences of "
                + expected.size()
                + " keys)")
        .isEmpty();
    assertThat(expected.keySet())
        .as(what + ": enough data to mean something")
        .hasSizeGreaterThan(atLeast);
  }

  private static List<String> diff(Map<String, String> expected, Map<String, String> got) {
    List<String> out = new ArrayList<>();
    TreeMap<String, String> all = new TreeMap<>(expected);
    got.forEach(all::putIfAbsent);
    for (String key : all.keySet()) {
      String want = expected.get(key);
      String have = got.get(key);
      if (want == null ? have != null : !want.equals(have)) {
        out.add(key + "\n    expected " + want + "\n    actual   " + have);
        if (out.size() == SHOWN) {
          break;
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
  }
}
