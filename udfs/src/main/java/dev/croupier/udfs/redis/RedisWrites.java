package dev.croupier.udfs.redis;

import java.io.Serializable;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/**
 * What a {@link PipelinedRedisSink} writes for one record. Implementations must be idempotent and
 * monotonic: a batch is replayed whole after a transient Redis failure, and records are written
 * again after a restore from a checkpoint. Write absolute values, or compare-and-set against a
 * version stored beside the value, never increments.
 *
 * <p>In the Flink sink, {@link #coalesceKey} is called in the task thread and the other methods in
 * the writer's sender thread (one thread, after {@link #open} in the task thread at start): keep
 * any mutable cache to those, and out of {@link #coalesceKey}.
 */
public interface RedisWrites<T> extends Serializable {

  /**
   * Called once per writer, and again after Redis lost its scripts (a restart, {@code SCRIPT
   * FLUSH}): load Lua scripts here. Failures are retried like writes.
   */
  default void open(RedisClient client) {}

  /** A short name of the view written, for logs and the marker key, e.g. {@code balance-hashes}. */
  default String viewName() {
    return getClass().getSimpleName();
  }

  /**
   * What an operator does when Redis came back without this view's data (logged once per
   * detection), e.g. which command restores it or how it rewrites itself.
   */
  default String restoreHint() {
    return "See docs/operations.md (Redis without its data).";
  }

  /**
   * Records with equal non-null keys coalesce within one batch: only the last one is written.
   * Return null to write every record.
   */
  default Object coalesceKey(T record) {
    return null;
  }

  /** Queues the commands for {@code record} on the pipeline. */
  void write(AbstractPipeline pipeline, T record);

  /**
   * Queues the commands for a whole batch, in batch order: by default {@link #write} per record.
   * Override to send fewer commands than records (e.g. one script call for many records); then
   * override {@link #replies} too, so that callers still see the replies they saw before.
   */
  default void writeBatch(AbstractPipeline pipeline, List<T> batch) {
    for (T record : batch) {
      write(pipeline, record);
    }
  }

  /**
   * The replies of a batch as callers of {@link RedisBatchWriter#write} see them, from the
   * pipeline's replies (one per command, none an error): by default those, unchanged.
   */
  default List<Object> replies(List<Object> pipelined) {
    return pipelined;
  }
}
