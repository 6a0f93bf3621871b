package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

@ExtendWith(SharedServices.class)
class LeaderboardRedisWritesIT {
  static final String PREFIX = "lbwrites:";
  static final long HOUR = 3_600_000L;
  static final long HOUR_13 = Instant.parse("2026-11-28T13:00:00Z").toEpochMilli();
  static final long AT_13_05 = HOUR_13 + 5 * 60_000;
  static final long AT_13_10 = HOUR_13 + 10 * 60_000;
  static final String WAGERED_KEY = "lbwrites:lb:wagered:global:1h:2026-11-28T13:00:00Z";
  static final String NET_WIN_KEY = "lbwrites:lb:net_win:game:g7:1h:2026-11-28T13:00:00Z";

  private final LeaderboardRedisWrites writes =
      new LeaderboardRedisWrites(PREFIX, Duration.ofDays(7));
  private RedisClient client;

  @BeforeEach
  void connect(RedisServer redis) {
    client = redis.newClient();
    client.del(WAGERED_KEY, NET_WIN_KEY);
  }

  @Test
  void shouldWriteTheDocumentedKeyWithTheExactScoreAndAnExpiry() {
    // When u1's wagered 12.34 at 13:05 is written
    write(update(Metric.WAGERED, null, "u1", 1234, AT_13_05));

    // Then the key is the documented one, the score round-trips bit for bit, and it expires in 7
    // days
    double expected = LeaderboardScore.encode(1234, AT_13_05, HOUR_13, HOUR);
    assertThat(client.zscore(WAGERED_KEY, "u1")).isEqualTo(expected);
    assertThat(LeaderboardScore.cents(client.zscore(WAGERED_KEY, "u1"))).isEqualTo(1234);
    assertThat(client.ttl(WAGERED_KEY))
        .isBetween(Duration.ofDays(7).toSeconds() - 5, Duration.ofDays(7).toSeconds());
    assertThat(
            LeaderboardRedisWrites.keyOf(
                PREFIX, update(Metric.WAGERED, null, "u1", 1, AT_13_05).cell))
        .isEqualTo(WAGERED_KEY);
  }

  @Test
  void shouldNeverLowerAMonotonicScoreButWriteNetWinAsIs() {
    // Given the final scores were written before a failure
    write(
        update(Metric.WAGERED, null, "u1", 5000, AT_13_10),
        update(Metric.NET_WIN, "g7", "u1", -300, AT_13_10));

    // When the replay after a restore writes older, smaller values
    write(
        update(Metric.WAGERED, null, "u1", 2000, AT_13_05),
        update(Metric.NET_WIN, "g7", "u1", 700, AT_13_05));

    // Then wagered keeps the larger score; net_win takes the absolute value written last
    assertThat(LeaderboardScore.cents(client.zscore(WAGERED_KEY, "u1"))).isEqualTo(5000);
    assertThat(LeaderboardScore.cents(client.zscore(NET_WIN_KEY, "u1"))).isEqualTo(700);
  }

  @Test
  void shouldRankEqualAmountsByWhoReachedThemFirst() {
    // Given three players with 10.00: u3 reached it first, then u1, then u2; u4 has 10.01
    write(
        update(Metric.WAGERED, null, "u1", 1000, AT_13_05 + 1),
        update(Metric.WAGERED, null, "u2", 1000, AT_13_10),
        update(Metric.WAGERED, null, "u3", 1000, AT_13_05),
        update(Metric.WAGERED, null, "u4", 1001, HOUR_13 + HOUR - 1));

    // When a dashboard reads the board with a plain ZREVRANGE
    List<Tuple> top = client.zrevrangeWithScores(WAGERED_KEY, 0, -1);

    // Then the order is u4, u3, u1, u2
    assertThat(top).extracting(Tuple::getElement).containsExactly("u4", "u3", "u1", "u2");
  }

  @Test
  void shouldWriteEachUpdatesOwnScoreAndMemberWhenConsecutiveUpdatesShareThem() {
    // Given updates in the order a flush emits them: one player's equal scores on the game and the
    // global board, then another player's, then the first player's again with a new score (one
    // String instance per player, as the function emits them)
    String u1 = new String("u1");
    String u2 = new String("u2");
    write(
        update(Metric.NET_WIN, "g7", u1, 700, AT_13_05),
        update(Metric.WAGERED, null, u1, 700, AT_13_05),
        update(Metric.WAGERED, null, u2, 700, AT_13_05),
        update(Metric.WAGERED, null, u1, 900, AT_13_10),
        update(Metric.NET_WIN, "g7", u2, -100, AT_13_10));

    // Then every (board, player) holds the exact score of its own last update, and nothing else
    assertThat(client.zscore(NET_WIN_KEY, "u1"))
        .isEqualTo(LeaderboardScore.encode(700, AT_13_05, HOUR_13, HOUR));
    assertThat(client.zscore(NET_WIN_KEY, "u2"))
        .isEqualTo(LeaderboardScore.encode(-100, AT_13_10, HOUR_13, HOUR));
    assertThat(client.zscore(WAGERED_KEY, "u1"))
        .isEqualTo(LeaderboardScore.encode(900, AT_13_10, HOUR_13, HOUR));
    assertThat(client.zscore(WAGERED_KEY, "u2"))
        .isEqualTo(LeaderboardScore.encode(700, AT_13_05, HOUR_13, HOUR));
    assertThat(client.zcard(WAGERED_KEY)).isEqualTo(2);
    assertThat(client.zcard(NET_WIN_KEY)).isEqualTo(2);
  }

  private void write(BoardUpdate... updates) {
    try (AbstractPipeline p = client.pipelined()) {
      for (BoardUpdate u : updates) {
        writes.write(p, u);
      }
      p.sync();
    }
  }

  private static BoardUpdate update(Metric metric, String game, String user, long cents, long at) {
    return new BoardUpdate(new BoardCell(metric, game, HOUR, HOUR_13), user, cents, at, false);
  }
}
