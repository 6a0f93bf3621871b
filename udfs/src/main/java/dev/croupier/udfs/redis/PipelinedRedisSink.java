package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink (v2) that writes to Redis in pipelined batches, flushed when a batch is full, after
 * {@code redis.flush-interval}, and before every checkpoint completes. Paired with idempotent,
 * monotonic {@link RedisWrites}, at-least-once delivery gives exactly-once views.
 */
public final class PipelinedRedisSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final RedisSettings settings;
  private final RedisWrites<T> writes;

  public PipelinedRedisSink(RedisSettings settings, RedisWrites<T> writes) {
    this.settings = settings;
    this.writes = writes;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new PipelinedRedisWriter<>(
        settings, writes, context.getProcessingTimeService(), context.metricGroup());
  }
}
