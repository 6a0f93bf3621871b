package dev.croupier.jobs.leaderboard;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.udfs.leaderboard.LeaderboardScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expected Redis boards, computed in plain Java from docs/leaderboard.md's definitions: wagered
 * = sum of stakes, net_win = sum of payout − stake, biggest_win = largest positive payout − stake
 * (earliest time of it), per global and game scope, per UTC hour and UTC day. Sums are achieved at
 * their last change. An event arriving after {@code closedUpTo} was counted only on windows closing
 * later. Ranks follow the documented order: score (amount, then earlier achiever) descending, then
 * userId descending (what Redis does with equal scores).
 */
public final class LeaderboardOracle {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  /** One ranked member of a board. */
  public record Ranked(String userId, long cents, double score) {}

  private final String keyPrefix;
  private final long allowedLateness;
  private final Map<String, Map<String, long[]>> boards =
      new HashMap<>(); // key → user → {cents, at}
  private final Map<String, long[]> windowOfKey = new HashMap<>(); // key → {start, size}

  public LeaderboardOracle(String keyPrefix, long allowedLateness) {
    this.keyPrefix = keyPrefix;
    this.allowedLateness = allowedLateness;
  }

  /** Counts events that arrived while every window was open. */
  public LeaderboardOracle onTime(List<BetPlaced> bets, List<BetSettled> settlements) {
    return arrive(bets, settlements, Long.MIN_VALUE);
  }

  /**
   * Counts events that arrived after the windows closing at or before {@code closedUpTo} had
   * closed.
   */
  public LeaderboardOracle arrive(
      List<BetPlaced> bets, List<BetSettled> settlements, long closedUpTo) {
    for (BetPlaced b : bets) {
      if (b.getStake() != 0) {
        sum(
            "wagered",
            b.getUserId(),
            b.getGameId(),
            b.getStake(),
            b.getOccurredAt().toEpochMilli(),
            closedUpTo);
      }
    }
    for (BetSettled s : settlements) {
      long net = s.getPayout() - s.getStake();
      long at = s.getOccurredAt().toEpochMilli();
      if (net != 0) {
        sum("net_win", s.getUserId(), s.getGameId(), net, at, closedUpTo);
      }
      if (net > 0) {
        for (String key : keys("biggest_win", s.getGameId(), at, closedUpTo)) {
          long[] best = boards.computeIfAbsent(key, k -> new HashMap<>()).get(s.getUserId());
          if (best == null || net > best[0] || (net == best[0] && at < best[1])) {
            boards.get(key).put(s.getUserId(), new long[] {net, at});
          }
        }
      }
    }
    return this;
  }

  private void sum(String metric, String user, String game, long amount, long at, long closedUpTo) {
    for (String key : keys(metric, game, at, closedUpTo)) {
      long[] total =
          boards
              .computeIfAbsent(key, k -> new HashMap<>())
              .computeIfAbsent(user, u -> new long[] {0, at});
      total[0] += amount;
      total[1] = Math.max(total[1], at);
    }
  }

  /** The keys of the game and global boards of the hour and the day of {@code at} still open. */
  private List<String> keys(String metric, String game, long at, long closedUpTo) {
    List<String> keys = new ArrayList<>();
    for (long size : new long[] {HOUR, DAY}) {
      long start = Math.floorDiv(at, size) * size;
      if (start + size - 1 + allowedLateness <= closedUpTo) {
        continue;
      }
      String window = (size == HOUR ? "1h" : "1d") + ":" + Instant.ofEpochMilli(start);
      for (String scope : new String[] {"global", "game:" + game}) {
        String key = keyPrefix + "lb:" + metric + ":" + scope + ":" + window;
        keys.add(key);
        windowOfKey.put(key, new long[] {start, size});
      }
    }
    return keys;
  }

  /** Every expected board: key → members in ZREVRANGE order. */
  public Map<String, List<Ranked>> boards() {
    Map<String, List<Ranked>> out = new TreeMap<>();
    boards.forEach(
        (key, members) -> {
          long[] window = windowOfKey.get(key);
          List<Ranked> ranked = new ArrayList<>();
          members.forEach(
              (user, v) ->
                  ranked.add(
                      new Ranked(
                          user, v[0], LeaderboardScore.encode(v[0], v[1], window[0], window[1]))));
          ranked.sort(
              Comparator.comparingDouble(Ranked::score).thenComparing(Ranked::userId).reversed());
          out.put(key, ranked);
        });
    return out;
  }
}
