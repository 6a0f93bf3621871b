package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.testkit.RedisServer;
import dev.croupier.udfs.balance.BalanceHashWrites;
import dev.croupier.udfs.config.RedisSettings;
import dev.croupier.udfs.fraud.FraudAlertRedisWrites;
import dev.croupier.udfs.leaderboard.BoardCell;
import dev.croupier.udfs.leaderboard.BoardUpdate;
import dev.croupier.udfs.leaderboard.LeaderboardRedisWrites;
import dev.croupier.udfs.leaderboard.LeaderboardWindows;
import dev.croupier.udfs.leaderboard.Metric;
import dev.croupier.udfs.redis.RedisBatchWriter;
import dev.croupier.udfs.redis.RedisWrites;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Each Redis write mix of the jobs through the project's {@link RedisBatchWriter} (one pipeline per
 * batch, replies checked) against a real local redis-server started in {@code @Setup} and stopped
 * in {@code @TearDown} (by its process): the balance compare-and-set (Lua, {@link
 * BalanceHashWrites}) and the board ZADDs ({@link LeaderboardRedisWrites}) in batches of 500 (the
 * default {@code redis.batch-size}, what a busy job fills), the alert writes ({@link
 * FraudAlertRedisWrites}, Lua) in batches of 50 (alerts are rare). Ceilings in the same run, from
 * one raw Jedis pipeline: HSET of the balance hash's ten fields, EVALSHA of the one-hash balance
 * compare-and-set script per update (the alert writes' ceiling: one Lua call per record), and the
 * balance batch script with the same arguments as the job sends (the balance writes' ceiling: the
 * least a compare-and-set of every hash does since it goes as one call per 100 hashes). The {@code
 * net_win} writes, guarded by a version (a script call per 100 updates), have as their ceiling the
 * same batches written as before the guard (plain ZADD, {@link PlainNetWinWrites}) through the same
 * writer. Scores are records written per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisWriteBench {
  static final int BATCH = 500;
  static final int ALERT_BATCH = 50;

  private RedisServer server;
  private RedisClient raw;
  private RedisBatchWriter<BalanceUpdated> balances;
  private RedisBatchWriter<BoardUpdate> boards;
  private RedisBatchWriter<FraudAlert> alerts;
  private RedisBatchWriter<BoardUpdate> plainNetWin;
  private List<List<BoardUpdate>> netWinBatches;
  private int nextNetWinBatch;
  private long netWinVersion;
  private List<BalanceUpdated> balanceBatch;
  private List<List<BoardUpdate>> boardBatches;
  private List<FraudAlert> alertBatch;
  private String casSha;
  private BalanceHashWrites rawWrites;
  private long seq;
  private int nextBoardBatch;
  private long alertSeq;

  @Setup
  public void setUp() throws Exception {
    server = RedisServer.start();
    try {
      RedisSettings settings = LocalRedis.settings(server, "bench:", BATCH);
      balances =
          new RedisBatchWriter<>(
              settings, new BalanceHashWrites("bench:"), RedisBatchWriter.Listener.NONE);
      boards =
          new RedisBatchWriter<>(
              settings,
              new LeaderboardRedisWrites("bench:", Duration.ofDays(7)),
              RedisBatchWriter.Listener.NONE);
      alerts =
          new RedisBatchWriter<>(
              settings,
              new FraudAlertRedisWrites("bench:", 10_000, 100, 7 * 86_400),
              RedisBatchWriter.Listener.NONE);
      plainNetWin =
          new RedisBatchWriter<>(
              settings,
              new PlainNetWinWrites("bench:plain:", Duration.ofDays(7)),
              RedisBatchWriter.Listener.NONE);
      raw = server.newClient();
      casSha = raw.scriptLoad(BalanceHashWrites.SCRIPT);
      rawWrites = new BalanceHashWrites("bench:raw-batch-cas:");
      rawWrites.open(raw);
      buildBatches();
    } catch (Exception | Error e) {
      tearDown();
      throw e;
    }
  }

  @TearDown
  public void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {balances, boards, alerts, plainNetWin, raw}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what is left matters more than this one's failure
      }
    }
    if (server != null) {
      server.close();
    }
  }

  private void buildBatches() {
    List<BetPlaced> bets = BenchData.only(BetPlaced.class);
    Set<String> users = new LinkedHashSet<>();
    for (BetPlaced b : bets) {
      if (users.size() < BATCH) {
        users.add(b.getUserId());
      }
    }
    balanceBatch = new ArrayList<>();
    for (String u : users) {
      balanceBatch.add(BenchData.balanceUpdate(BenchData.broken() ? null : u));
    }
    // Each bet moves its player's wagered score on the global and the game board of both windows;
    // a batch holds distinct (board, player) pairs, as coalescing leaves them.
    boardBatches = new ArrayList<>();
    Map<String, BoardUpdate> batch = new LinkedHashMap<>();
    Map<String, Long> wagered = new LinkedHashMap<>();
    long[] sizes = {Duration.ofHours(1).toMillis(), Duration.ofDays(1).toMillis()};
    for (BetPlaced b : bets) {
      long at = b.getOccurredAt().toEpochMilli();
      long total = wagered.merge(b.getUserId(), b.getStake(), Long::sum);
      for (long size : sizes) {
        for (String game : new String[] {null, b.getGameId()}) {
          BoardCell cell =
              new BoardCell(Metric.WAGERED, game, size, LeaderboardWindows.startOf(at, size));
          batch.put(
              cell + "/" + b.getUserId(), new BoardUpdate(cell, b.getUserId(), total, at, false));
          if (batch.size() == BATCH) {
            boardBatches.add(List.copyOf(batch.values()));
            batch.clear();
          }
        }
      }
      if (boardBatches.size() == 200) {
        break;
      }
    }
    if (boardBatches.isEmpty() && !batch.isEmpty()) {
      boardBatches.add(List.copyOf(batch.values())); // a small input (the smoke test)
    }
    if (boardBatches.isEmpty()) {
      throw new IllegalStateException("no bets for a batch of board updates");
    }
    // net_win: the same (board, player) pairs, with a score that rises and falls.
    netWinBatches = new ArrayList<>();
    for (List<BoardUpdate> wageredBatch : boardBatches) {
      List<BoardUpdate> b = new ArrayList<>(wageredBatch.size());
      for (BoardUpdate w : wageredBatch) {
        BoardCell cell =
            new BoardCell(Metric.NET_WIN, w.cell.gameId, w.cell.windowSize, w.cell.windowStart);
        long cents = (w.cents % 2 == 0 ? 1 : -1) * (w.cents / 3);
        b.add(new BoardUpdate(cell, w.userId, cents, w.achievedAt, 0, false));
      }
      netWinBatches.add(b);
    }
    alertBatch = new ArrayList<>();
    for (int i = 0; i < ALERT_BATCH; i++) {
      BetPlaced b = bets.get(i);
      alertBatch.add(
          FraudAlert.newBuilder()
              .setAlertId("alert-" + i)
              .setRuleId("bet-velocity")
              .setSeverity(Severity.MEDIUM)
              .setScore(70)
              .setUserId(b.getUserId())
              .setRelatedUserIds(List.of())
              .setEvidenceEventIds(List.of(b.getEventId(), "bet-2", "bet-3"))
              .setFirstEventAt(b.getOccurredAt())
              .setLastEventAt(b.getOccurredAt())
              .setDetectedAt(b.getOccurredAt())
              .setSummary("30 bets within 10s")
              .setAttributes(Map.of("bets", "30"))
              .setRuleVersion(1)
              .build());
    }
  }

  private void nextSeq() {
    seq++;
    for (BalanceUpdated u : balanceBatch) {
      u.setSeq(seq);
    }
  }

  private static int written(List<Object> replies) {
    int n = 0;
    for (Object r : replies) {
      if (r instanceof Long l && l == 1L) {
        n++;
      }
    }
    return n;
  }

  /** A batch of balance updates through the writer: every one a compare-and-set that writes. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int balanceCompareAndSet() throws InterruptedException {
    nextSeq();
    int n = written(balances.write(balanceBatch));
    if (n != balanceBatch.size()) {
      throw new IllegalStateException(n + " of " + balanceBatch.size() + " balance writes applied");
    }
    return n;
  }

  /**
   * A batch of board updates (ZADD, ZADD GT, EXPIRE once a minute per board) through the writer.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int boardUpdates() throws InterruptedException {
    List<BoardUpdate> batch = boardBatches.get(nextBoardBatch);
    nextBoardBatch = nextBoardBatch + 1 == boardBatches.size() ? 0 : nextBoardBatch + 1;
    return boards.write(batch).size();
  }

  /** The next batch of net_win updates, each one version newer than its last write. */
  private List<BoardUpdate> nextNetWinBatch() {
    List<BoardUpdate> batch = netWinBatches.get(nextNetWinBatch);
    nextNetWinBatch = nextNetWinBatch + 1 == netWinBatches.size() ? 0 : nextNetWinBatch + 1;
    netWinVersion++;
    for (BoardUpdate u : batch) {
      u.version = netWinVersion;
    }
    return batch;
  }

  /**
   * A batch of net_win updates through the writer: the version-guarded write (a script call per 100
   * updates, every update newer than the stored one, so every one written), EXPIRE per board and
   * versions hash a minute.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int boardUpdatesNetWin() throws InterruptedException {
    List<Object> replies = boards.write(nextNetWinBatch());
    if (replies.contains(0L)) { // a refused write: the bench would measure the cheap path
      throw new IllegalStateException("a net_win write was refused: " + replies);
    }
    return replies.size();
  }

  /**
   * Ceiling of {@link #boardUpdatesNetWin}: the same batches as net_win was written before its
   * guard, a plain ZADD each (and EXPIRE per board a minute), through the same writer.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ceilingNetWinPlainZadd() throws InterruptedException {
    return plainNetWin.write(nextNetWinBatch()).size();
  }

  /**
   * The board writes of net_win before the version guard (the code LeaderboardRedisWrites had for
   * it): a plain ZADD per update, the key's bytes built once per board, the expiry refreshed at
   * most once a minute per board.
   */
  static final class PlainNetWinWrites implements RedisWrites<BoardUpdate> {
    private static final long serialVersionUID = 1L;
    private final String keyPrefix;
    private final long retentionSeconds;
    private transient Map<BoardCell, byte[]> keys;
    private transient Map<BoardCell, Long> expiredAt;

    PlainNetWinWrites(String keyPrefix, Duration retention) {
      this.keyPrefix = keyPrefix;
      this.retentionSeconds = retention.toSeconds();
    }

    @Override
    public void write(AbstractPipeline pipeline, BoardUpdate u) {
      if (keys == null) {
        keys = new HashMap<>();
        expiredAt = new HashMap<>();
      }
      byte[] key =
          keys.computeIfAbsent(
              u.cell,
              c -> LeaderboardRedisWrites.keyOf(keyPrefix, c).getBytes(StandardCharsets.UTF_8));
      pipeline.sendCommand(
          Protocol.Command.ZADD,
          key,
          Protocol.toByteArray(u.score()),
          u.userId.getBytes(StandardCharsets.UTF_8));
      long now = System.currentTimeMillis();
      if (now - expiredAt.getOrDefault(u.cell, Long.MIN_VALUE / 2) >= 60_000) {
        pipeline.expire(key, retentionSeconds);
        expiredAt.put(u.cell, now);
      }
    }
  }

  /**
   * A batch of new alerts (a Lua script each: stream, dedup set, per-player set) through the
   * writer.
   */
  @Benchmark
  @OperationsPerInvocation(ALERT_BATCH)
  public int alertWrites() throws InterruptedException {
    for (FraudAlert a : alertBatch) {
      a.setAlertId("alert-" + alertSeq++);
    }
    return alerts.write(alertBatch).size();
  }

  /** Ceiling: the balance hash's ten fields by plain HSET, one raw Jedis pipeline per batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ceilingRawPipelinedHset() {
    nextSeq();
    try (Connection c = raw.getPool().getResource()) {
      Pipeline p = new Pipeline(c);
      for (BalanceUpdated u : balanceBatch) {
        Map<String, String> hash = new LinkedHashMap<>();
        List<String> f = BalanceHashWrites.fields(u);
        for (int i = 0; i < f.size(); i += 2) {
          hash.put(f.get(i), f.get(i + 1));
        }
        p.hset("bench:raw-hset:" + u.getUserId(), hash);
      }
      return p.syncAndReturnAll().size();
    }
  }

  /**
   * Ceiling of the balance writes: the batch compare-and-set script, one call per 100 updates, the
   * job's arguments, one raw Jedis pipeline per batch (no retry loop, no pool bookkeeping).
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ceilingRawBatchCas() {
    nextSeq();
    try (Connection c = raw.getPool().getResource()) {
      Pipeline p = new Pipeline(c);
      for (int from = 0; from < balanceBatch.size(); from += BalanceHashWrites.HASHES_PER_CALL) {
        rawWrites.compareAndSetAll(
            p,
            balanceBatch.subList(
                from, Math.min(balanceBatch.size(), from + BalanceHashWrites.HASHES_PER_CALL)));
      }
      int n = written(rawWrites.replies(p.syncAndReturnAll()));
      if (n != balanceBatch.size()) {
        throw new IllegalStateException(
            n + " of " + balanceBatch.size() + " raw batch CAS applied");
      }
      return n;
    }
  }

  /** Ceiling: EVALSHA of the one-hash compare-and-set per update, one raw Jedis pipeline. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ceilingRawPipelinedEvalsha() {
    nextSeq();
    try (Connection c = raw.getPool().getResource()) {
      Pipeline p = new Pipeline(c);
      for (BalanceUpdated u : balanceBatch) {
        p.evalsha(casSha, List.of("bench:raw-cas:" + u.getUserId()), BalanceHashWrites.fields(u));
      }
      int n = written(p.syncAndReturnAll());
      if (n != balanceBatch.size()) {
        throw new IllegalStateException(n + " of " + balanceBatch.size() + " raw CAS applied");
      }
      return n;
    }
  }
}
