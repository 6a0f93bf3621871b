package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.redis.RedisWrites;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/**
 * Writes alerts for dashboards, idempotently: {@code <prefix><feed>:recent} is a stream capped at
 * about {@code recentMax} entries and {@code <prefix><feed>:user:<userId>} a sorted set of alertIds
 * scored by detectedAt, capped at {@code perUserMax} (and expiring after {@code perUserTtlSeconds},
 * if positive), where the feed is {@value #ALERTS} (the main alerts) or {@value #SHADOW_ALERTS}
 * (the alerts of rule versions in SHADOW mode, kept apart). XADD alone is not idempotent, so one
 * Lua script adds the stream entry only if the alertId is not in {@code <prefix><feed>:recent:ids}
 * (a sorted set by detectedAt, capped at twice the stream) — a replay after a restore adds nothing.
 * All keys of one alert are written atomically.
 */
public final class FraudAlertRedisWrites implements RedisWrites<FraudAlert> {
  private static final long serialVersionUID = 1L;

  static final String SCRIPT =
      String.join(
          "\n",
          "redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])",
          "redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(tonumber(ARGV[5]) + 1))",
          "if tonumber(ARGV[6]) > 0 then redis.call('EXPIRE', KEYS[3], ARGV[6]) end",
          "if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end",
          "redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])",
          "redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))",
          "local fields = {}",
          "for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end",
          "redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', unpack(fields))",
          "return 1");

  /** The main feed's key root. */
  public static final String ALERTS = "alerts";

  /** The shadow feed's key root. */
  public static final String SHADOW_ALERTS = "alerts:shadow";

  private final String prefix;
  private final int recentMax;
  private final int perUserMax;
  private final long perUserTtlSeconds;
  private transient String sha;

  /** The main feed's writes ({@value #ALERTS}). */
  public FraudAlertRedisWrites(
      String keyPrefix, int recentMax, int perUserMax, long perUserTtlSeconds) {
    this(keyPrefix, ALERTS, recentMax, perUserMax, perUserTtlSeconds);
  }

  /** The writes of {@code feed}: {@link #ALERTS} or {@link #SHADOW_ALERTS}. */
  public FraudAlertRedisWrites(
      String keyPrefix, String feed, int recentMax, int perUserMax, long perUserTtlSeconds) {
    this.prefix = keyPrefix + feed + ":";
    this.recentMax = recentMax;
    this.perUserMax = perUserMax;
    this.perUserTtlSeconds = perUserTtlSeconds;
  }

  public String recentKey() {
    return prefix + "recent";
  }

  public String recentIdsKey() {
    return prefix + "recent:ids";
  }

  public String userKey(String userId) {
    return prefix + "user:" + userId;
  }

  @Override
  public void open(RedisClient client) {
    sha = client.scriptLoad(SCRIPT);
  }

  @Override
  public String viewName() {
    return "fraud-alerts";
  }

  @Override
  public String restoreHint() {
    return "New alerts are written as they come; earlier ones stay on the risk.alerts topic"
        + " (docs/operations.md).";
  }

  @Override
  public Object coalesceKey(FraudAlert alert) {
    return alert.getAlertId();
  }

  @Override
  public void write(AbstractPipeline pipeline, FraudAlert a) {
    List<String> args = new ArrayList<>(24);
    args.add(a.getAlertId());
    args.add(Long.toString(a.getDetectedAt().toEpochMilli()));
    args.add(Integer.toString(recentMax));
    args.add(Integer.toString(2 * recentMax));
    args.add(Integer.toString(perUserMax));
    args.add(Long.toString(perUserTtlSeconds));
    field(args, "alertId", a.getAlertId());
    field(args, "ruleId", a.getRuleId());
    field(args, "ruleVersion", Long.toString(a.getRuleVersion()));
    field(args, "severity", a.getSeverity().name());
    field(args, "score", Integer.toString(a.getScore()));
    field(args, "userId", a.getUserId());
    field(args, "relatedUserIds", String.join(",", a.getRelatedUserIds()));
    field(args, "evidenceEventIds", String.join(",", a.getEvidenceEventIds()));
    field(args, "firstEventAt", Long.toString(a.getFirstEventAt().toEpochMilli()));
    field(args, "lastEventAt", Long.toString(a.getLastEventAt().toEpochMilli()));
    field(args, "detectedAt", Long.toString(a.getDetectedAt().toEpochMilli()));
    field(args, "summary", a.getSummary());
    pipeline.evalsha(sha, List.of(recentIdsKey(), recentKey(), userKey(a.getUserId())), args);
  }

  private static void field(List<String> args, String name, String value) {
    args.add(name);
    args.add(value);
  }
}
