package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink (v2) that writes to Redis in pipelined batches, flushed when a batch is full, after
 * {@code redis.flush-interval}, and before every checkpoint completes. Paired with idempotent,
 * monotonic {@link RedisWrites}, at-least-once delivery gives exactly-once views. Transient Redis
 * failures are retried for up to {@code redis.outage-tolerance} while the job backpressures;
 * permanent ones fail the task at once ({@link RedisWriteException}).
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
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    try {
      return new PipelinedRedisWriter<>(
          settings, writes, context.getProcessingTimeService(), context.metricGroup());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("cancelled while connecting to Redis");
    }
  }
}
