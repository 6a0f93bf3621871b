package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.config.RedisSettings;
import dev.croupier.udfs.redis.RedisBatchWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
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
  static final String NET_WIN_GLOBAL_KEY = "lbwrites:lb:net_win:global:1h:2026-11-28T13:00:00Z";
  static final String NET_WIN_VERSIONS =
      "lbwrites:lb-versions:net_win:game:g7:1h:2026-11-28T13:00:00Z";

  private final LeaderboardRedisWrites writes =
      new LeaderboardRedisWrites(PREFIX, Duration.ofDays(7));
  private RedisClient client;

  @BeforeEach
  void connect(RedisServer redis) {
    client = redis.newClient();
    for (String key : client.keys(PREFIX + "*")) {
      client.del(key);
    }
    writes.open(client);
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
  void shouldSendTheExpiryAgainWhenTheBatchThatSentItFailed() throws Exception {
    // Given batches that failed on their way to Redis (a server gone: before any reply)
    int gone;
    try (ServerSocket s = new ServerSocket(0)) {
      gone = s.getLocalPort();
    }
    for (BoardUpdate u :
        List.of(
            update(Metric.WAGERED, null, "u1", 100, AT_13_05), netWin("u1", 100, AT_13_05, 1))) {
      try (Connection c = new Connection(new HostAndPort("127.0.0.1", gone))) {
        assertThatThrownBy(() -> writes.writeBatch(new Pipeline(c), List.of(u)))
            .isInstanceOf(JedisConnectionException.class);
      }
    }

    // When the sink writes the batches again
    write(update(Metric.WAGERED, null, "u1", 100, AT_13_05));
    write(netWin("u1", 100, AT_13_05, 1));

    // Then the boards and the versions hash the retry created expire with their retention
    for (String key : List.of(WAGERED_KEY, NET_WIN_KEY, NET_WIN_VERSIONS)) {
      assertThat(client.ttl(key)).as(key).isGreaterThan(Duration.ofDays(6).toSeconds());
    }
  }

  @Test
  void shouldNeverLowerAMonotonicScore() {
    // Given the final score was written before a failure
    write(update(Metric.WAGERED, null, "u1", 5000, AT_13_10));

    // When the replay after a restore writes an older, smaller value
    write(update(Metric.WAGERED, null, "u1", 2000, AT_13_05));

    // Then wagered keeps the larger score
    assertThat(LeaderboardScore.cents(client.zscore(WAGERED_KEY, "u1"))).isEqualTo(5000);
  }

  @Test
  void shouldNeverMoveNetWinBackToAReplayedOlderVersionButWriteNewerOnesAndNewMembers() {
    // Given u1's net_win was −3.00 at version 5 (after a win and losses) when the job failed
    write(netWin("u1", -300, AT_13_10, 5));

    // When the replay after the restore re-sends its earlier versions: 7.00 at 3, −3.00 at 5
    List<Object> replayed = write(netWin("u1", 700, AT_13_05, 3), netWin("u1", -300, AT_13_10, 5));

    // Then the board keeps the newer score, bit for bit, and nothing was written
    assertThat(client.zscore(NET_WIN_KEY, "u1"))
        .isEqualTo(LeaderboardScore.encode(-300, AT_13_10, HOUR_13, HOUR));
    assertThat(replayed).containsExactly(0L, 0L);

    // When the replay goes past it (a lower score at version 6) and a fresh member u2 scores
    List<Object> newer = write(netWin("u1", -900, AT_13_10 + 1, 6), netWin("u2", 100, AT_13_05, 1));

    // Then both are written, with their versions beside the board, and readers of lb:* see the
    // boards only
    assertThat(newer).containsExactly(1L, 1L);
    assertThat(client.zscore(NET_WIN_KEY, "u1"))
        .isEqualTo(LeaderboardScore.encode(-900, AT_13_10 + 1, HOUR_13, HOUR));
    assertThat(client.zscore(NET_WIN_KEY, "u2"))
        .isEqualTo(LeaderboardScore.encode(100, AT_13_05, HOUR_13, HOUR));
    assertThat(client.hgetAll(NET_WIN_VERSIONS)).containsOnly(entry("u1", "6"), entry("u2", "1"));
    assertThat(client.keys(PREFIX + "lb:*")).containsOnly(NET_WIN_KEY);
    assertThat(LeaderboardRedisWrites.versionsKeyOf(PREFIX, netWin("u1", 0, AT_13_05, 0).cell))
        .isEqualTo(NET_WIN_VERSIONS);

    // And both keys expire together, in 7 days
    assertThat(client.ttl(NET_WIN_KEY))
        .isBetween(Duration.ofDays(7).toSeconds() - 5, Duration.ofDays(7).toSeconds());
    assertThat(client.ttl(NET_WIN_VERSIONS))
        .isBetween(Duration.ofDays(7).toSeconds() - 5, Duration.ofDays(7).toSeconds());
  }

  @Test
  void shouldGuardEveryNetWinUpdateOfABatchOfManyScriptCallsAmongOtherWrites() {
    // Given 250 players' net_win at version 2, and their wagered, in one batch (3 script calls)
    List<BoardUpdate> batch = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      batch.add(update(Metric.WAGERED, null, "p" + i, 100 + i, AT_13_05));
      batch.add(netWin(null, "p" + i, 10 * i, AT_13_05, 2));
    }
    write(batch.toArray(BoardUpdate[]::new));

    // When a replay sends every odd player's older version 1 and every even player's version 3
    List<BoardUpdate> replay = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      replay.add(netWin(null, "p" + i, -1, AT_13_10, i % 2 == 0 ? 3 : 1));
    }
    List<Object> replies = write(replay.toArray(BoardUpdate[]::new));

    // Then one reply per update says which were written, and the board holds exactly that
    assertThat(replies).hasSize(250);
    for (int i = 0; i < 250; i++) {
      assertThat(replies.get(i)).isEqualTo(i % 2 == 0 ? 1L : 0L);
      assertThat(LeaderboardScore.cents(client.zscore(NET_WIN_GLOBAL_KEY, "p" + i)))
          .as("p" + i)
          .isEqualTo(i % 2 == 0 ? -1 : 10 * i);
    }
    assertThat(client.zcard(WAGERED_KEY)).isEqualTo(250);
  }

  @Test
  void shouldApplyTheUpdatesOfOneCallInOrderAcrossBoardsAndRepeatedMembers() {
    // Given u2's net_win on g7 stored at version 5
    write(netWin("u2", 50, AT_13_05, 5));

    // When one call holds, interleaved across two boards: u1 at 2, 1 (older), 3 on g7, u1 at 1 on
    // the global board, and u2 at 4 (older than stored) then 6 on g7
    List<Object> replies =
        write(
            netWin("u1", 200, AT_13_05, 2),
            netWin(null, "u1", 111, AT_13_05, 1),
            netWin("u1", 100, AT_13_05 + 1, 1),
            netWin("u2", 40, AT_13_05 + 1, 4),
            netWin("u1", 300, AT_13_05 + 2, 3),
            netWin("u2", 60, AT_13_05 + 2, 6));

    // Then each was compared with what the ones before it left: the newest of each member wins
    assertThat(replies.subList(0, 6)).containsExactly(1L, 1L, 0L, 0L, 1L, 1L);
    assertThat(LeaderboardScore.cents(client.zscore(NET_WIN_KEY, "u1"))).isEqualTo(300);
    assertThat(LeaderboardScore.cents(client.zscore(NET_WIN_KEY, "u2"))).isEqualTo(60);
    assertThat(LeaderboardScore.cents(client.zscore(NET_WIN_GLOBAL_KEY, "u1"))).isEqualTo(111);
    assertThat(client.hgetAll(NET_WIN_VERSIONS)).containsOnly(entry("u1", "3"), entry("u2", "6"));
  }

  @Test
  void shouldLoadTheScriptAgainWhenRedisLostItThroughTheSinksWriter(RedisServer redis)
      throws Exception {
    try (var writer =
        new RedisBatchWriter<>(
            RedisSettings.local(redis.host(), redis.port(), PREFIX),
            new LeaderboardRedisWrites(PREFIX, Duration.ofDays(7)),
            RedisBatchWriter.Listener.NONE)) {
      // Given a net_win written through the sink's writer, and then Redis lost its scripts
      writer.write(List.of(netWin("u1", 500, AT_13_05, 1)));
      client.scriptFlush();

      // When the next version and a replayed older one are written
      List<Object> replies =
          writer.write(List.of(netWin("u1", 200, AT_13_10, 2), netWin("u1", 500, AT_13_05, 1)));

      // Then the script was loaded again and guarded both
      assertThat(replies).containsExactly(1L, 0L);
      assertThat(LeaderboardScore.cents(client.zscore(NET_WIN_KEY, "u1"))).isEqualTo(200);
    }
  }

  @Test
  void shouldWriteABatchsUpdatesOfEachMonotonicBoardAsOneZaddPerThousandMembers() {
    // Given one batch: 1,500 players' wagered on the global board, 3 on g7's, and on g7 u2's
    // biggest_win twice (the higher first) among the others
    List<BoardUpdate> batch = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      batch.add(update(Metric.WAGERED, null, "p" + i, 100 + i, AT_13_05));
      if (i < 3) {
        batch.add(update(Metric.WAGERED, "g7", "p" + i, 100 + i, AT_13_05));
      }
    }
    batch.add(2, update(Metric.BIGGEST_WIN, "g7", "u2", 900, AT_13_10));
    batch.add(update(Metric.BIGGEST_WIN, "g7", "u2", 400, AT_13_05));
    long zaddsBefore = zaddCalls();

    // When the batch is written
    write(batch.toArray(BoardUpdate[]::new));

    // Then each monotonic board got one ZADD per 1,000 of its updates: 2 + 1 + 1
    assertThat(zaddCalls() - zaddsBefore).isEqualTo(4);
    // and holds every member's own score, the higher of u2's two, each board with an expiry
    assertThat(client.zcard(WAGERED_KEY)).isEqualTo(1_500);
    for (int i = 0; i < 1_500; i++) {
      assertThat(LeaderboardScore.cents(client.zscore(WAGERED_KEY, "p" + i))).isEqualTo(100 + i);
    }
    String wageredG7 = "lbwrites:lb:wagered:game:g7:1h:2026-11-28T13:00:00Z";
    String biggestG7 = "lbwrites:lb:biggest_win:game:g7:1h:2026-11-28T13:00:00Z";
    assertThat(client.zrangeWithScores(wageredG7, 0, -1))
        .extracting(Tuple::getElement)
        .containsExactly("p0", "p1", "p2");
    assertThat(LeaderboardScore.cents(client.zscore(biggestG7, "u2"))).isEqualTo(900);
    for (String key : List.of(WAGERED_KEY, wageredG7, biggestG7)) {
      assertThat(client.ttl(key)).as(key).isGreaterThan(Duration.ofDays(6).toSeconds());
    }
  }

  /** How many ZADD commands Redis has run since it started (scripts' own included). */
  private long zaddCalls() {
    for (String line : client.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_zadd:")) {
        return Long.parseLong(line.replaceAll("^cmdstat_zadd:calls=(\\d+),.*$", "$1"));
      }
    }
    return 0;
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

  /**
   * Writes the updates as one batch, as the sink does; the replies as the sink sees them (with an
   * EXPIRE's reply after a board's first write in this writer).
   */
  private List<Object> write(BoardUpdate... updates) {
    try (Connection c = client.getPool().getResource()) {
      Pipeline p = new Pipeline(c);
      writes.writeBatch(p, List.of(updates));
      return writes.replies(p.syncAndReturnAll());
    }
  }

  /** A net_win score on the g7 board at {@code version}. */
  private static BoardUpdate netWin(String user, long cents, long at, long version) {
    return netWin("g7", user, cents, at, version);
  }

  private static BoardUpdate netWin(String game, String user, long cents, long at, long version) {
    return new BoardUpdate(
        new BoardCell(Metric.NET_WIN, game, HOUR, HOUR_13), user, cents, at, version, false);
  }

  private static BoardUpdate update(Metric metric, String game, String user, long cents, long at) {
    return new BoardUpdate(new BoardCell(metric, game, HOUR, HOUR_13), user, cents, at, false);
  }
}
