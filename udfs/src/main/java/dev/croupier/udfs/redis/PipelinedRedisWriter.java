package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The writer behind {@link PipelinedRedisSink}; runs in the task's mailbox thread only. Records
 * coalesce into a batch that {@link RedisBatchWriter} sends when full, after {@code
 * redis.flush-interval}, and before each checkpoint ({@link #flush}).
 *
 * <p>Through a Redis outage the send blocks this thread, retrying with back-off for up to {@code
 * redis.outage-tolerance}: the job backpressures and its sources stop reading. A checkpoint barrier
 * waits behind the blocked flush, so a checkpoint taken during an outage completes late, or expires
 * after {@code job.checkpoint-timeout} (counted against {@code job.tolerable-failed-checkpoints});
 * see docs/operations.md for how the time-outs relate.
 *
 * <p>It keeps the records it was given until their batch is flushed. In a job with object reuse
 * that is safe only if no function upstream changes a record after emitting it (see the balance
 * job's {@code objectReuse()}).
 */
final class PipelinedRedisWriter<T> implements SinkWriter<T> {
  private final RedisSettings settings;
  private final RedisWrites<T> writes;
  private final ProcessingTimeService time;
  private final RedisBatchWriter<T> redis;
  private final RedisSinkMetrics metrics;
  // Coalesced records keep their first position; records without a key are appended in order.
  private final Map<Object, T> coalesced = new LinkedHashMap<>();
  private final List<T> ordered = new ArrayList<>();
  private boolean timerPending;

  PipelinedRedisWriter(
      RedisSettings settings,
      RedisWrites<T> writes,
      ProcessingTimeService time,
      MetricGroup metricGroup)
      throws InterruptedException {
    this.settings = settings;
    this.writes = writes;
    this.time = time;
    this.metrics = new RedisSinkMetrics(metricGroup);
    this.redis = new RedisBatchWriter<>(settings, writes, metrics);
    metrics.currentOutage(redis.retry());
  }

  @Override
  public void write(T record, Context context) throws InterruptedException {
    Object key = writes.coalesceKey(record);
    if (key == null) {
      ordered.add(record);
    } else if (coalesced.put(key, record) != null) {
      metrics.recordsCoalesced.inc();
    }
    if (pending() >= settings.batchSize()) {
      flushBatch();
    } else if (!timerPending) {
      timerPending = true;
      time.registerTimer(
          time.getCurrentProcessingTime() + settings.flushInterval().toMillis(),
          t -> {
            timerPending = false;
            flushBatch();
          });
    }
  }

  @Override
  public void flush(boolean endOfInput) throws InterruptedException {
    flushBatch();
  }

  private int pending() {
    return coalesced.size() + ordered.size();
  }

  private void flushBatch() throws InterruptedException {
    if (pending() == 0) {
      return;
    }
    List<T> batch = new ArrayList<>(ordered);
    batch.addAll(coalesced.values());
    long start = System.nanoTime();
    redis.write(batch);
    metrics.batchLatencyMs.update((System.nanoTime() - start) / 1_000_000);
    metrics.batches.inc();
    metrics.recordsWritten.inc(batch.size());
    ordered.clear();
    coalesced.clear();
  }

  @Override
  public void close() {
    redis.close();
  }
}
