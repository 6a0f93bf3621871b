package dev.croupier.udfs.leaderboard;

import dev.croupier.udfs.redis.RedisWrites;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;

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
  private static final byte[] GT = Protocol.Keyword.GT.getRaw();

  private transient Map<BoardCell, BoardKey> keys;
  // The last score and member encoded: the game and the global board of one window usually get
  // the same score in a row, and a flush emits one player's updates together. Formatting a double
  // (Double.toString) was ~20 % of this writer's CPU.
  private transient long lastScoreBits;
  private transient byte[] lastScore;
  private transient String lastMember;
  private transient byte[] lastMemberBytes;

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

  /**
   * Sends {@code ZADD key [GT] score member}: the very bytes Jedis' {@code zadd(key, score, member,
   * params)} sends (the score formatted by {@link Protocol#toByteArray(double)}, strings as UTF-8),
   * with the key's bytes encoded once per board and the last score and member reused.
   */
  @Override
  public void write(AbstractPipeline pipeline, BoardUpdate u) {
    BoardKey key = keyOf(u.cell);
    byte[] score = scoreBytes(u.score());
    byte[] member = memberBytes(u.userId);
    if (u.cell.metric.monotonic()) {
      pipeline.sendCommand(Protocol.Command.ZADD, key.bytes, GT, score, member);
    } else {
      pipeline.sendCommand(Protocol.Command.ZADD, key.bytes, score, member);
    }
    long now = System.currentTimeMillis();
    if (now - key.expiredAt >= expireRefreshMs) {
      pipeline.expire(key.bytes, retentionSeconds);
      key.expiredAt = now;
    }
  }

  private byte[] scoreBytes(double score) {
    long bits = Double.doubleToRawLongBits(score);
    if (lastScore == null || bits != lastScoreBits) {
      lastScore = Protocol.toByteArray(score);
      lastScoreBits = bits;
    }
    return lastScore;
  }

  private byte[] memberBytes(String userId) {
    if (userId != lastMember) { // identity: one flush emits one player's String to every board
      lastMemberBytes = userId.getBytes(StandardCharsets.UTF_8);
      lastMember = userId;
    }
    return lastMemberBytes;
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
    }
    BoardKey key = keys.get(cell);
    if (key == null) {
      key = new BoardKey(keyOf(keyPrefix, cell));
      keys.put(cell, key);
    }
    return key;
  }

  /** A board's key (and its UTF-8 bytes) and when this writer last set its expiry (wall clock). */
  private static final class BoardKey {
    final byte[] bytes;
    long expiredAt = Long.MIN_VALUE / 2;

    BoardKey(String name) {
      this.bytes = name.getBytes(StandardCharsets.UTF_8);
    }
  }
}
