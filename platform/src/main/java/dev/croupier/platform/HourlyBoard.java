package dev.croupier.platform;

import dev.croupier.udfs.leaderboard.LeaderboardScore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the top of an hourly global leaderboard from Redis as a dashboard would
 * (docs/leaderboard.md): key {@code croupier:lb:<metric>:global:1h:<hourStartIso>}, ZREVRANGE with
 * scores, each shown as {@code floor(score × 100) / 100}.
 */
final class HourlyBoard implements AutoCloseable {
  private static final long HOUR = 3_600_000L;

  /** One row: rank from 1, player, amount in major units as displayed. */
  record Row(int rank, String userId, BigDecimal amount) {}

  private final RedisClient redis;
  private final String keyPrefix;

  HourlyBoard(String host, int port, String keyPrefix) {
    this.redis = RedisClient.builder().hostAndPort(host, port).build();
    this.keyPrefix = keyPrefix;
  }

  /** The key of {@code metric}'s global board for the hour holding {@code eventTime}. */
  static String key(String keyPrefix, String metric, long eventTime) {
    Instant hour = Instant.ofEpochMilli(Math.floorDiv(eventTime, HOUR) * HOUR);
    return keyPrefix + "lb:" + metric + ":global:1h:" + hour;
  }

  /** The best {@code n} of the board for the hour holding {@code eventTime}. */
  List<Row> top(String metric, long eventTime, int n) {
    List<Tuple> members = redis.zrevrangeWithScores(key(keyPrefix, metric, eventTime), 0, n - 1);
    return java.util.stream.IntStream.range(0, members.size())
        .mapToObj(
            i ->
                new Row(
                    i + 1,
                    members.get(i).getElement(),
                    BigDecimal.valueOf(LeaderboardScore.cents(members.get(i).getScore()), 2)))
        .toList();
  }

  @Override
  public void close() {
    redis.close();
  }
}
