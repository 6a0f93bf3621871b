package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.udfs.redis.RedisWrites;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Writes {@link BalanceUpdated} to the hash {@code <prefix>balance:<userId>} (the fields of
 * docs/balance.md) through a Lua compare-and-set on {@code seq}: a replay after a restore, or any
 * older update, never moves the view backwards. Updates coalesce per userId within a batch; only
 * the newest is sent.
 */
public final class BalanceHashWrites implements RedisWrites<BalanceUpdated> {
  private static final long serialVersionUID = 1L;

  /** The compare-and-set Lua script (balance-cas.lua): writes a hash only if its seq is newer. */
  public static final String SCRIPT = loadScript();

  private final String keyPrefix;
  private transient String sha;

  public BalanceHashWrites(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /** The Redis key of a player's balance hash. */
  public String key(String userId) {
    return keyPrefix + "balance:" + userId;
  }

  @Override
  public void open(RedisClient client) {
    sha = client.scriptLoad(SCRIPT);
  }

  @Override
  public String viewName() {
    return "balance-hashes";
  }

  @Override
  public String restoreHint() {
    return "Players who change again are rewritten by the job; restore all of them from the"
        + " compacted changelog with dev.croupier.jobs.balance.RestoreBalances (docs/operations.md).";
  }

  @Override
  public Object coalesceKey(BalanceUpdated u) {
    // One ledger subtask emits a player's updates in seq order, so the last in a batch is the
    // newest.
    return u.getUserId();
  }

  @Override
  public void write(AbstractPipeline pipeline, BalanceUpdated u) {
    compareAndSet(pipeline, u);
  }

  /**
   * Queues the compare-and-set; the response is 1 if the hash was written, 0 if its seq was not
   * newer.
   */
  public Response<Object> compareAndSet(AbstractPipeline pipeline, BalanceUpdated u) {
    return pipeline.evalsha(sha, List.of(key(u.getUserId())), fields(u));
  }

  /** The balance hash's fields and values, as the script receives them (seq first). */
  public static List<String> fields(BalanceUpdated u) {
    return List.of(
        "seq", Long.toString(u.getSeq()),
        "balance", Long.toString(u.getBalance()),
        "currency", u.getCurrency(),
        "deposited", Long.toString(u.getDeposited()),
        "withdrawn", Long.toString(u.getWithdrawn()),
        "staked", Long.toString(u.getStaked()),
        "paidOut", Long.toString(u.getPaidOut()),
        "bonus", Long.toString(u.getBonus()),
        "lastEventId", u.getLastEventId(),
        "updatedAt", u.getUpdatedAt().toString());
  }

  private static String loadScript() {
    try (InputStream in = BalanceHashWrites.class.getResourceAsStream("balance-cas.lua")) {
      if (in == null) {
        throw new IllegalStateException("balance-cas.lua is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
