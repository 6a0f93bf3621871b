package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.redis.RedisWrites;
import java.util.List;
import org.apache.flink.types.Either;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/**
 * Writes the early feed ({@value #FEED}) of {@link EarlyAlertConfirmation}: {@code Right(alert)} as
 * {@link FraudAlertRedisWrites} writes the main feed (same keys under {@code
 * <prefix>alerts:early:}, same idempotent script); {@code Left(alert)} retracts it: its alertId
 * leaves {@code alerts:early:user:<userId>} and {@code alerts:early:recent:ids}, and {@code
 * alerts:early:recent} gets an entry {@code alertId, retracted=true, ruleId, userId}. The
 * retraction entry is added only if the id was still there, so a replay adds none twice; an alert
 * shown again after its retraction (a late confirmation) is added again.
 */
public final class EarlyAlertRedisWrites implements RedisWrites<Either<FraudAlert, FraudAlert>> {
  private static final long serialVersionUID = 1L;

  /** The early feed's key root. */
  public static final String FEED = "alerts:early";

  static final String RETRACT =
      String.join(
          "\n",
          "redis.call('ZREM', KEYS[3], ARGV[1])",
          "if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end",
          "redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'alertId', ARGV[1],"
              + " 'retracted', 'true', 'ruleId', ARGV[3], 'userId', ARGV[4])",
          "return 1");

  private final FraudAlertRedisWrites shown;
  private final int recentMax;
  private transient String retractSha;

  public EarlyAlertRedisWrites(
      String keyPrefix, int recentMax, int perUserMax, long perUserTtlSeconds) {
    this.shown =
        new FraudAlertRedisWrites(keyPrefix, FEED, recentMax, perUserMax, perUserTtlSeconds);
    this.recentMax = recentMax;
  }

  public String recentKey() {
    return shown.recentKey();
  }

  public String recentIdsKey() {
    return shown.recentIdsKey();
  }

  public String userKey(String userId) {
    return shown.userKey(userId);
  }

  @Override
  public void open(RedisClient client) {
    shown.open(client);
    retractSha = client.scriptLoad(RETRACT);
  }

  @Override
  public String viewName() {
    return "fraud-early-alerts";
  }

  @Override
  public String restoreHint() {
    return "Early alerts are written as they come; the confirmed ones stay on the risk.alerts topic"
        + " (docs/operations.md).";
  }

  @Override
  public Object coalesceKey(Either<FraudAlert, FraudAlert> change) {
    return alertOf(change).getAlertId();
  }

  @Override
  public void write(AbstractPipeline pipeline, Either<FraudAlert, FraudAlert> change) {
    if (change.isRight()) {
      shown.write(pipeline, change.right());
      return;
    }
    FraudAlert a = change.left();
    pipeline.evalsha(
        retractSha,
        List.of(recentIdsKey(), recentKey(), userKey(a.getUserId())),
        List.of(a.getAlertId(), Integer.toString(recentMax), a.getRuleId(), a.getUserId()));
  }

  private static FraudAlert alertOf(Either<FraudAlert, FraudAlert> change) {
    return change.isRight() ? change.right() : change.left();
  }
}
