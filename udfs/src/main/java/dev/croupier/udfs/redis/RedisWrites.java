package dev.croupier.udfs.redis;

import java.io.Serializable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/**
 * What a {@link PipelinedRedisSink} writes for one record. Implementations must be idempotent and
 * monotonic (a replay after a restore may write a record again): absolute values, or a
 * compare-and-set against a version stored beside the value.
 */
public interface RedisWrites<T> extends Serializable {

  /** Called once per writer (and again after Redis lost its scripts): load Lua scripts here. */
  default void open(RedisClient client) {}

  /**
   * Records with equal non-null keys coalesce within one batch: only the last one is written.
   * Return null to write every record.
   */
  default Object coalesceKey(T record) {
    return null;
  }

  /** Queues the commands for {@code record} on the pipeline. */
  void write(AbstractPipeline pipeline, T record);
}
