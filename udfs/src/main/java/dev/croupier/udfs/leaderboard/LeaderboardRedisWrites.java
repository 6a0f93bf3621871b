package dev.croupier.udfs.leaderboard;

import dev.croupier.udfs.redis.RedisWrites;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Writes a {@link BoardUpdate} as an absolute {@code ZADD} to {@code
 * <prefix>lb:<metric>:<scope>:<window>:<windowStartIso>} (e.g. {@code
 * croupier:lb:wagered:global:1h:2026-11-28T13:00:00Z}), member the userId, score per {@link
 * LeaderboardScore}. Monotonic metrics use {@code ZADD GT}, so a replay never lowers their score; a
 * batch's updates of one such board go as one {@code ZADD} with many members (up to {@link
 * #MONOTONIC_PER_CALL}), since Redis pays per command more than per member. {@code net_win} may
 * fall, so its score cannot guard itself: it is written by a Lua script ({@code
 * net-win-guard-batch.lua}) only over a lower {@link BoardUpdate#version}, kept per member in the
 * hash {@code <prefix>lb-versions:<metric>:<scope>:<window>:<windowStartIso>} beside the board (a
 * replay re-sends versions Redis has already seen, and is refused). The {@code net_win} updates of
 * a batch go as one script call per {@link #GUARDED_PER_CALL}, in the same pipeline as the other
 * ZADDs; each board's keys go once per call, and the script reads and writes each board once. Each
 * key gets {@code EXPIRE retention}, refreshed at most once a minute per key (the versions hash
 * with its board), so a board lives about {@code retention} after its last write.
 */
public final class LeaderboardRedisWrites implements RedisWrites<BoardUpdate> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_CACHED_KEYS = 50_000;

  private final String keyPrefix;
  private final long retentionSeconds;
  private final long expireRefreshMs;
  private static final byte[] GT = Protocol.Keyword.GT.getRaw();

  /** The guarded net_win write (net-win-guard-batch.lua). */
  public static final String GUARDED_SCRIPT = loadScript("net-win-guard-batch.lua");

  /**
   * Guarded updates per script call: Redis' per-call overhead paid once per chunk, and one call (a
   * few hundred microseconds) never blocks Redis noticeably for other clients.
   */
  public static final int GUARDED_PER_CALL = 100;

  /**
   * Members per {@code ZADD} of a monotonic board: a batch's updates of one board go together (a
   * command costs Redis more than a member: the ~3.5 µs of CPU a lone {@code ZADD} cost it fell to
   * ~2.5 µs per member with about ten per command), and no call grows without bound whatever the
   * configured batch size.
   */
  public static final int MONOTONIC_PER_CALL = 1_000;

  /** The board numbers the script receives, 1 to {@link #GUARDED_PER_CALL}, encoded once. */
  private static final byte[][] BOARD_NUMBERS = new byte[GUARDED_PER_CALL + 1][];

  static {
    for (int b = 1; b <= GUARDED_PER_CALL; b++) {
      BOARD_NUMBERS[b] = Protocol.toByteArray(b);
    }
  }

  private transient byte[] guardedSha;
  // The chunk being built: each of its boards' keys once, four arguments per update, and the
  // boards whose expiry is due once the script has created their keys (EXPIRE of a missing key is
  // a no-op). Jedis copies them into its command, so they are reused.
  private transient List<byte[]> guardedKeys;
  private transient List<byte[]> guardedArgs;
  private transient List<BoardKey> guardedExpiries;
  private transient int guardedUpdates;
  // Tells a board already in the chunk (BoardKey.chunk equal to it) from one that is not.
  private transient long chunk;

  // The monotonic boards of the batch being built, each with the members it has gathered.
  private transient List<BoardKey> monotonicBoards;

  private transient Map<BoardCell, BoardKey> keys;
  // Boards whose EXPIRE the current batch sends: confirmed as set only by its replies, so a batch
  // that failed and is written again sends them again (else a retried batch could leave a new
  // board without a TTL for good).
  private transient List<BoardKey> expiriesSent;
  private transient long batchNumber;
  private transient long batchSentAt;
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
    return keyOf(keyPrefix, "lb:", cell);
  }

  /**
   * The hash of the versions of {@code cell}'s board (member → version of its last {@code net_win}
   * write): outside {@code lb:*}, so readers that scan the boards never see it.
   */
  public static String versionsKeyOf(String keyPrefix, BoardCell cell) {
    return keyOf(keyPrefix, "lb-versions:", cell);
  }

  private static String keyOf(String keyPrefix, String kind, BoardCell cell) {
    return keyPrefix
        + kind
        + cell.metric.key()
        + ":"
        + cell.scope()
        + ":"
        + LeaderboardWindows.label(cell.windowSize)
        + ":"
        + Instant.ofEpochMilli(cell.windowStart);
  }

  @Override
  public void open(RedisClient client) {
    guardedSha = client.scriptLoad(GUARDED_SCRIPT).getBytes(StandardCharsets.US_ASCII);
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

  /** One update: {@link #writeBatch} of it alone. */
  @Override
  public void write(AbstractPipeline pipeline, BoardUpdate u) {
    writeBatch(pipeline, List.of(u));
  }

  /**
   * Monotonic metrics: one {@code ZADD key GT score member [score member ...]} per board of the
   * batch (per {@link #MONOTONIC_PER_CALL} of its updates), sent after the batch's other writes, in
   * the batch's order within the board (GT keeps the highest of a member given twice), each score
   * and member as Jedis' {@code zadd} sends them (the score formatted by {@link
   * Protocol#toByteArray(double)}, strings as UTF-8); the key's bytes are encoded once per board
   * and the last score and member reused. {@code net_win}: the same score and member, plus the
   * version, into one call of the guarded script per {@link #GUARDED_PER_CALL} updates.
   */
  @Override
  public void writeBatch(AbstractPipeline pipeline, List<BoardUpdate> batch) {
    if (guardedKeys == null) {
      guardedKeys = new ArrayList<>(2 * GUARDED_PER_CALL);
      guardedArgs = new ArrayList<>(3 * GUARDED_PER_CALL);
      guardedExpiries = new ArrayList<>();
      expiriesSent = new ArrayList<>();
      monotonicBoards = new ArrayList<>();
    }
    clearGuarded(); // what a batch that failed half-way left
    clearMonotonic();
    expiriesSent.clear(); // not confirmed: a failed batch's boards are due again
    batchNumber++;
    batchSentAt = System.currentTimeMillis();
    for (BoardUpdate u : batch) {
      BoardKey key = keyOf(u.cell);
      byte[] score = scoreBytes(u.score());
      byte[] member = memberBytes(u.userId);
      boolean expire = expiryDue(key);
      if (u.cell.metric.monotonic()) {
        if (key.members.isEmpty()) {
          monotonicBoards.add(key);
        }
        key.members.add(score);
        key.members.add(member);
        key.expireAfterZadd |= expire;
        if (key.members.size() == 2 * MONOTONIC_PER_CALL) {
          sendMonotonic(pipeline, key);
        }
        continue;
      }
      if (key.chunk != chunk) { // the board's first update in this call
        key.chunk = chunk;
        guardedKeys.add(key.bytes);
        guardedKeys.add(key.versionsBytes());
        key.number = guardedKeys.size() / 2;
      }
      guardedArgs.add(BOARD_NUMBERS[key.number]);
      guardedArgs.add(Protocol.toByteArray(u.version));
      guardedArgs.add(score);
      guardedArgs.add(member);
      if (expire) {
        guardedExpiries.add(key);
      }
      if (++guardedUpdates == GUARDED_PER_CALL) {
        sendGuarded(pipeline);
      }
    }
    if (guardedUpdates > 0) {
      sendGuarded(pipeline);
    }
    for (BoardKey key : monotonicBoards) {
      if (!key.members.isEmpty()) {
        sendMonotonic(pipeline, key);
      }
    }
    monotonicBoards.clear();
  }

  /**
   * The replies in the order sent: a script call's list of 1 (written) or 0 (not newer) flattened
   * into one reply per {@code net_win} update, a monotonic board's {@code ZADD} as it is (how many
   * members it added), EXPIRE replies where they were sent.
   */
  @Override
  public List<Object> replies(List<Object> pipelined) {
    if (expiriesSent != null) { // the batch was written: its EXPIREs were set
      for (BoardKey key : expiriesSent) {
        key.expiredAt = batchSentAt;
      }
      expiriesSent.clear();
    }
    List<Object> flat = new ArrayList<>(pipelined.size());
    for (Object reply : pipelined) {
      if (reply instanceof List<?> each) {
        flat.addAll(each);
      } else {
        flat.add(reply);
      }
    }
    return flat;
  }

  private void sendGuarded(AbstractPipeline pipeline) {
    if (guardedSha == null) {
      throw new IllegalStateException("open(client) loads the net_win script before any write");
    }
    pipeline.evalsha(guardedSha, guardedKeys, guardedArgs);
    for (BoardKey key : guardedExpiries) { // after the script: it may have created the keys
      pipeline.expire(key.bytes, retentionSeconds);
      pipeline.expire(key.versionsBytes(), retentionSeconds);
    }
    clearGuarded();
  }

  /** The board's gathered members as one ZADD GT, then its EXPIRE when one is due. */
  private void sendMonotonic(AbstractPipeline pipeline, BoardKey key) {
    byte[][] args = new byte[2 + key.members.size()][];
    args[0] = key.bytes;
    args[1] = GT;
    for (int i = 0; i < key.members.size(); i++) {
      args[2 + i] = key.members.get(i);
    }
    pipeline.sendCommand(Protocol.Command.ZADD, args);
    if (key.expireAfterZadd) { // after the ZADD: EXPIRE of a missing key is a no-op
      pipeline.expire(key.bytes, retentionSeconds);
    }
    key.members.clear();
    key.expireAfterZadd = false;
  }

  /** What a batch that failed half-way left gathered. */
  private void clearMonotonic() {
    for (BoardKey key : monotonicBoards) {
      key.members.clear();
      key.expireAfterZadd = false;
    }
    monotonicBoards.clear();
  }

  private void clearGuarded() {
    guardedKeys.clear();
    guardedArgs.clear();
    guardedExpiries.clear();
    guardedUpdates = 0;
    chunk++;
  }

  /**
   * True, once per batch, when the key's expiry was last set (by a batch that was written) {@code
   * expireRefreshMs} ago.
   */
  private boolean expiryDue(BoardKey key) {
    if (key.expirySentIn == batchNumber) {
      return false;
    }
    if (batchSentAt - key.expiredAt >= expireRefreshMs) {
      key.expirySentIn = batchNumber;
      expiriesSent.add(key);
      return true;
    }
    return false;
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
      key = new BoardKey(cell);
      keys.put(cell, key);
    }
    return key;
  }

  private static String loadScript(String name) {
    try (InputStream in = LeaderboardRedisWrites.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A board's key (and its UTF-8 bytes), its versions hash's (net_win only, built on first use),
   * and when this writer last set their expiry (wall clock).
   */
  private final class BoardKey {
    final BoardCell cell;
    final byte[] bytes;
    private byte[] versionsBytes;
    long expiredAt = Long.MIN_VALUE / 2;

    /** The batch that last sent this board's EXPIRE. */
    long expirySentIn = -1;

    /** The chunk of guarded updates this board was last added to, and its number there. */
    long chunk = -1;

    int number;

    /** A monotonic board's scores and members gathered for its next ZADD (reused). */
    final List<byte[]> members = new ArrayList<>();

    /** Whether the board's EXPIRE goes after its next ZADD. */
    boolean expireAfterZadd;

    BoardKey(BoardCell cell) {
      this.cell = cell;
      this.bytes = keyOf(keyPrefix, cell).getBytes(StandardCharsets.UTF_8);
    }

    byte[] versionsBytes() {
      if (versionsBytes == null) {
        versionsBytes = versionsKeyOf(keyPrefix, cell).getBytes(StandardCharsets.UTF_8);
      }
      return versionsBytes;
    }
  }
}
