package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.udfs.redis.RedisWrites;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Writes {@link BalanceUpdated} to the hash {@code <prefix>balance:<userId>} (the fields of
 * docs/balance.md) through a Lua compare-and-set on {@code seq}: a replay after a restore, or any
 * older update, never moves the view backwards. Updates coalesce per userId within a batch; only
 * the newest is sent. A batch goes as one multi-key script call ({@code balance-cas-batch.lua}) per
 * {@link #HASHES_PER_CALL} hashes instead of one EVALSHA per hash: Redis pays its per-command and
 * per-script-call overhead once per chunk, the client sends values only (the field names are in the
 * script), and the replies are still one 1 (written) or 0 (stale) per update, in order.
 */
public final class BalanceHashWrites implements RedisWrites<BalanceUpdated> {
  private static final long serialVersionUID = 1L;

  /** The compare-and-set Lua script (balance-cas.lua): writes a hash only if its seq is newer. */
  public static final String SCRIPT = loadScript();

  /** The hash's fields in the order the scripts receive their values (seq first). */
  public static final List<String> FIELDS =
      List.of(
          "seq",
          "balance",
          "currency",
          "deposited",
          "withdrawn",
          "staked",
          "paidOut",
          "bonus",
          "lastEventId",
          "updatedAt");

  /**
   * Hashes per call of the batch script: enough that Redis' per-call overhead vanishes, few enough
   * that one call (a few hundred microseconds) never blocks Redis noticeably for other clients.
   */
  public static final int HASHES_PER_CALL = 100;

  /** The batch compare-and-set (balance-cas-batch.lua), its field names filled in from FIELDS. */
  public static final String BATCH_SCRIPT = batchScript();

  private final String keyPrefix;
  private transient String sha;
  private transient byte[] batchSha;
  private transient byte[] keyPrefixBytes;

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
    batchSha = client.scriptLoad(BATCH_SCRIPT).getBytes(StandardCharsets.US_ASCII);
    keyPrefixBytes = (keyPrefix + "balance:").getBytes(StandardCharsets.UTF_8);
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

  /** One call of the batch script per {@link #HASHES_PER_CALL} updates, in batch order. */
  @Override
  public void writeBatch(AbstractPipeline pipeline, List<BalanceUpdated> batch) {
    for (int from = 0; from < batch.size(); from += HASHES_PER_CALL) {
      compareAndSetAll(
          pipeline, batch.subList(from, Math.min(batch.size(), from + HASHES_PER_CALL)));
    }
  }

  /** Each script call answers with a list of 1/0, one per hash: flattened, one reply per update. */
  @Override
  public List<Object> replies(List<Object> pipelined) {
    List<Object> perUpdate = new ArrayList<>(pipelined.size() * HASHES_PER_CALL);
    for (Object reply : pipelined) {
      if (reply instanceof List<?> each) {
        perUpdate.addAll(each);
      } else {
        perUpdate.add(reply);
      }
    }
    return perUpdate;
  }

  /**
   * Queues one compare-and-set of every update, applied in order as {@link #compareAndSet} would
   * each; the response is a list with 1 (written) or 0 (seq not newer) per update.
   */
  public Response<Object> compareAndSetAll(AbstractPipeline pipeline, List<BalanceUpdated> us) {
    List<byte[]> keys = new ArrayList<>(us.size());
    List<byte[]> values = new ArrayList<>(us.size() * FIELDS.size());
    for (BalanceUpdated u : us) {
      keys.add(concat(keyPrefixBytes, utf8(u.getUserId())));
      values.add(ascii(u.getSeq()));
      values.add(ascii(u.getBalance()));
      values.add(utf8(u.getCurrency()));
      values.add(ascii(u.getDeposited()));
      values.add(ascii(u.getWithdrawn()));
      values.add(ascii(u.getStaked()));
      values.add(ascii(u.getPaidOut()));
      values.add(ascii(u.getBonus()));
      values.add(utf8(u.getLastEventId()));
      values.add(IsoInstant.bytes(u.getUpdatedAt()));
    }
    return pipeline.evalsha(batchSha, keys, values);
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

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String batchScript() {
    StringBuilder args = new StringBuilder();
    for (int i = 0; i < FIELDS.size(); i++) {
      args.append(i == 0 ? "" : ", ")
          .append('\'')
          .append(FIELDS.get(i))
          .append("', ARGV[b + ")
          .append(i + 1)
          .append(']');
    }
    return loadScript("balance-cas-batch.lua")
        .replace("@FIELD_COUNT@", Integer.toString(FIELDS.size()))
        .replace("@HSET_ARGS@", args);
  }

  private static String loadScript() {
    return loadScript("balance-cas.lua");
  }

  private static String loadScript(String name) {
    try (InputStream in = BalanceHashWrites.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
