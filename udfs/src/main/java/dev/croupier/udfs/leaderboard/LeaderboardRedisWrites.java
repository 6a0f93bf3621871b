package dev.croupier.udfs.leaderboard;

import dev.croupier.udfs.redis.RedisWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.params.ZAddParams;

/**
 * Writes a {@link BoardUpdate} as an absolute {@code ZADD} to {@code
 * <prefix>lb:<metric>:<scope>:<window>:<windowStartIso>} (e.g. {@code
 * croupier:lb:wagered:global:1h:2026-11-28T13:00:00Z}), member the userId, score per {@link
 * LeaderboardScore}. Monotonic metrics use {@code ZADD GT}, so a replay never lowers their score;
 * {@code net_win} may fall and is written as is. Each key gets {@code EXPIRE retention}, refreshed
 * at most once a minute per key, so a board lives about {@code retention} after its last write.
 */
public final class LeaderboardRedisWrites implements RedisWrites<BoardUpdate> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_CACHED_KEYS = 50_000;

  private final String keyPrefix;
  private final long retentionSeconds;
  private final long expireRefreshMs;
  private transient ZAddParams greaterThan;
  private transient Map<BoardCell, BoardKey> keys;

  public LeaderboardRedisWrites(String keyPrefix, Duration retention) {
    this.keyPrefix = keyPrefix;
    this.retentionSeconds = Math.max(1, retention.toSeconds());
    this.expireRefreshMs = Math.min(60_000L, retention.toMillis() / 2);
  }

  /** The Redis key of {@code cell} under {@code keyPrefix}. */
  public static String keyOf(String keyPrefix, BoardCell cell) {
    return keyPrefix
        + "lb:"
        + cell.metric.key()
        + ":"
        + cell.scope()
        + ":"
        + LeaderboardWindows.label(cell.windowSize)
        + ":"
        + Instant.ofEpochMilli(cell.windowStart);
  }

  @Override
  public String viewName() {
    return "leaderboards";
  }

  @Override
  public String restoreHint() {
    return "Open windows refill as players score again (each write is the player's whole score);"
        + " boards of windows closed before the loss stay empty (docs/operations.md).";
  }

  @Override
  public void write(AbstractPipeline pipeline, BoardUpdate u) {
    BoardKey key = keyOf(u.cell);
    double score = u.score();
    if (u.cell.metric.monotonic()) {
      pipeline.zadd(key.name, score, u.userId, greaterThan);
    } else {
      pipeline.zadd(key.name, score, u.userId);
    }
    long now = System.currentTimeMillis();
    if (now - key.expiredAt >= expireRefreshMs) {
      pipeline.expire(key.name, retentionSeconds);
      key.expiredAt = now;
    }
  }

  /** Keys are built once per board and window (the prefix is precomputed), not per update. */
  private BoardKey keyOf(BoardCell cell) {
    if (keys == null) {
      keys =
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<BoardCell, BoardKey> eldest) {
              return size() > MAX_CACHED_KEYS;
            }
          };
      greaterThan = ZAddParams.zAddParams().gt();
    }
    BoardKey key = keys.get(cell);
    if (key == null) {
      key = new BoardKey(keyOf(keyPrefix, cell));
      keys.put(cell, key);
    }
    return key;
  }

  /** A board's key and when this writer last set its expiry (wall clock). */
  private static final class BoardKey {
    final String name;
    long expiredAt = Long.MIN_VALUE / 2;

    BoardKey(String name) {
      this.name = name;
    }
  }
}
