package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Sends batches of records to Redis as one pipeline each, through {@link RedisRetry}: a batch is
 * replayed whole until Redis takes it, which is safe because {@link RedisWrites} are idempotent and
 * monotonic. Every attempt borrows a connection (waiting at most {@code redis.timeout}) and gives
 * it back whatever happens; a connection that failed is discarded, with the idle ones (a restarted
 * server has closed them all). Scripts are loaded at start and again after Redis lost them.
 *
 * <p>Each writer keeps a marker key, {@code <prefix>meta:writer:<view>}. After an outage it checks
 * that the marker survived; if not, Redis came back without its data (restarted without
 * persistence, or flushed), which is logged with {@link RedisWrites#restoreHint()} and counted. A
 * server that comes back with an older snapshot still holds the marker: that loss goes unnoticed.
 *
 * <p>Used by the Flink sink ({@link PipelinedRedisWriter}) and by one-off tools such as the balance
 * restore. Not thread-safe.
 */
public final class RedisBatchWriter<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBatchWriter.class);

  /** Hears about data loss on top of the retry events. */
  public interface Listener extends RedisRetry.Listener {
    Listener NONE = new Listener() {};

    /** Redis answered again after an outage, but without this writer's marker key. */
    default void dataLossDetected() {}
  }

  private final RedisSettings settings;
  private final RedisWrites<T> writes;
  private final Listener listener;
  private final RedisClient client;
  private final RedisRetry retry;
  private final String target;
  private final String markerKey;
  private boolean scriptsStale;
  private boolean checkMarker;

  /** Connects, loads the scripts and sets the marker, retrying through an outage. */
  public RedisBatchWriter(RedisSettings settings, RedisWrites<T> writes, Listener listener)
      throws InterruptedException {
    this.settings = settings;
    this.writes = writes;
    this.listener = listener;
    this.target = RedisConnector.describe(settings);
    this.markerKey = settings.keyPrefix() + "meta:writer:" + writes.viewName();
    this.retry =
        new RedisRetry(
            target,
            settings.outageTolerance(),
            settings.retryInitialBackoff(),
            settings.retryMaxBackoff(),
            new OutageTracker());
    this.client = RedisConnector.open(settings);
    try {
      retry.call(
          "load the " + writes.viewName() + " scripts",
          () -> {
            writes.open(client);
            client.set(markerKey, Instant.now().toString(), SetParams.setParams().nx());
            return null;
          });
    } catch (InterruptedException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The retry loop, for its {@link RedisRetry#currentOutageMillis()}. */
  public RedisRetry retry() {
    return retry;
  }

  /**
   * Writes {@code batch} in one pipeline ({@link RedisWrites#writeBatch}), replaying it through
   * transient failures; returns the replies in order, as {@link RedisWrites#replies} gives them.
   * Throws {@link RedisWriteException} on a permanent failure or an outage longer than the
   * tolerance.
   */
  public List<Object> write(List<T> batch) throws InterruptedException {
    List<Object> replies =
        retry.call("write a batch of " + batch.size() + " " + writes.viewName(), () -> send(batch));
    if (checkMarker) {
      checkMarker = false;
      retry.call("check for data loss", this::checkMarker);
    }
    return replies;
  }

  private List<Object> send(List<T> batch) {
    if (scriptsStale) {
      writes.open(client);
      scriptsStale = false;
    }
    Connection connection = client.getPool().getResource();
    try {
      Pipeline pipeline = new Pipeline(connection);
      writes.writeBatch(pipeline, batch);
      List<Object> replies = pipeline.syncAndReturnAll();
      JedisDataException error = firstError(replies);
      if (error != null) {
        if (RedisErrors.classifyReply(error.getMessage()) == RedisErrors.Kind.SCRIPT_MISSING) {
          scriptsStale = true; // a restarted or flushed server: its data may be gone too
          checkMarker = true;
        }
        throw error;
      }
      return writes.replies(replies);
    } catch (RuntimeException e) {
      if (RedisErrors.classify(e) == RedisErrors.Kind.TRANSIENT) {
        // The socket may hold half a reply; never reuse it. Idle ones are as stale after a restart.
        connection.setBroken();
        client.getPool().clear();
        checkMarker = true;
      }
      throw e;
    } finally {
      giveBack(connection);
    }
  }

  /** Back to the pool, or destroyed if broken; a dead socket failing to close changes nothing. */
  private static void giveBack(Connection connection) {
    try {
      connection.close();
    } catch (RuntimeException e) {
      LOG.debug("a broken Redis connection did not close cleanly", e);
    }
  }

  private Void checkMarker() {
    if (!client.exists(markerKey)) {
      listener.dataLossDetected();
      LOG.warn(
          "{} came back without the key {}: it restarted without persistence or was flushed,"
              + " and the {} it held are gone. {}",
          target,
          markerKey,
          writes.viewName(),
          writes.restoreHint());
      client.set(markerKey, Instant.now().toString());
    }
    return null;
  }

  private static JedisDataException firstError(List<Object> replies) {
    for (Object o : replies) {
      if (o instanceof JedisDataException e) {
        return e;
      }
    }
    return null;
  }

  /** Connections borrowed and not yet given back: 0 between calls, whatever failed. */
  int activeConnections() {
    return client.getPool().getNumActive();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Forwards retry events and remembers to look for the marker after each outage. */
  private final class OutageTracker implements RedisRetry.Listener {
    @Override
    public void retried(RedisErrors.Kind kind) {
      listener.retried(kind);
    }

    @Override
    public void outageStarted() {
      checkMarker = true;
      listener.outageStarted();
    }

    @Override
    public void outageEnded(long blockedNanos) {
      listener.outageEnded(blockedNanos);
    }
  }

  @Override
  public String toString() {
    return "RedisBatchWriter{" + target + ", " + writes.viewName() + ", " + settings + "}";
  }
}
