package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The writer behind {@link PipelinedRedisSink}; called in the task's mailbox thread only. Records
 * coalesce into a batch that is cut when full, after {@code redis.flush-interval}, and before each
 * checkpoint ({@link #flush}). Each batch is a new list, handed to a sender thread of its own
 * ({@link BatchSender}) that writes the batches in the order they were cut through {@link
 * RedisBatchWriter}, while the task thread goes on with the next records. At most {@code
 * redis.max-batches-in-flight} batches are handed off and not yet written; then the task thread
 * waits. With {@code redis.max-batches-in-flight=0} the task thread writes each batch itself.
 *
 * <p>{@link #flush} waits until every batch handed off is written, so a completed checkpoint still
 * means that every record before its barrier is in Redis. Through a Redis outage the sender retries
 * with back-off for up to {@code redis.outage-tolerance}; the task thread blocks as soon as the
 * hand-off is full, so the job backpressures and its sources stop reading. A checkpoint barrier
 * waits behind the blocked flush, so a checkpoint taken during an outage completes late, or expires
 * after {@code job.checkpoint-timeout} (counted against {@code job.tolerable-failed-checkpoints});
 * see docs/operations.md for how the time-outs relate. The sender's failure (an outage beyond the
 * tolerance, a permanent error) is thrown in the task thread by the next write, flush or close.
 *
 * <p>It keeps the records it was given until their batch is written, which with the sender thread
 * may be after the task thread has moved on to later records (up to the next flush). In a job with
 * object reuse that is safe only if no function upstream changes a record after emitting it (see
 * the balance job's {@code objectReuse()}).
 */
final class PipelinedRedisWriter<T> implements SinkWriter<T> {
  private final RedisSettings settings;
  private final RedisWrites<T> writes;
  private final ProcessingTimeService time;
  private final RedisSinkMetrics metrics;
  // Exactly one of the two: the task thread writes itself (0 batches in flight), or the sender.
  private final RedisBatchWriter<T> redis;
  private final BatchSender<T> sender;
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
    this(settings, writes, time, metricGroup, senderThreads(writes.viewName()));
  }

  /** With the factory of the sender thread: tests count the threads it made. */
  PipelinedRedisWriter(
      RedisSettings settings,
      RedisWrites<T> writes,
      ProcessingTimeService time,
      MetricGroup metricGroup,
      ThreadFactory senderThreads)
      throws InterruptedException {
    this.settings = settings;
    this.writes = writes;
    this.time = time;
    this.metrics = new RedisSinkMetrics(metricGroup);
    RedisBatchWriter<T> connected = new RedisBatchWriter<>(settings, writes, metrics);
    metrics.currentOutage(connected.retry());
    if (settings.maxBatchesInFlight() == 0) {
      this.redis = connected;
      this.sender = null;
      metrics.batchesInFlight(() -> 0);
    } else {
      this.redis = null;
      try {
        this.sender =
            new BatchSender<>(
                connected,
                (batch, nanos) -> metrics.written(batch.size(), nanos),
                settings.maxBatchesInFlight(),
                // a sender stuck in a read ends within redis.timeout
                settings.timeout().plusSeconds(1),
                senderThreads);
      } catch (RuntimeException | Error e) {
        connected.close();
        throw e;
      }
      metrics.batchesInFlight(sender::inFlight);
    }
  }

  /** Daemon threads named after the view, so a stuck one never holds the TaskManager up. */
  private static ThreadFactory senderThreads(String view) {
    return r -> {
      Thread t = new Thread(r, "croupier-redis-sender-" + view);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void write(T record, Context context) throws InterruptedException {
    if (sender != null) {
      sender.checkFailure();
    }
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

  /** Cuts the pending batch and waits until every batch cut so far is written. */
  @Override
  public void flush(boolean endOfInput) throws InterruptedException {
    flushBatch();
    if (sender != null) {
      sender.drain();
    }
  }

  private int pending() {
    return coalesced.size() + ordered.size();
  }

  private void flushBatch() throws InterruptedException {
    if (pending() == 0) {
      return;
    }
    // A new list each time: the sender may still hold it while these buffers refill.
    List<T> batch = new ArrayList<>(pending());
    batch.addAll(ordered);
    batch.addAll(coalesced.values());
    if (sender == null) {
      long start = System.nanoTime();
      redis.write(batch);
      metrics.written(batch.size(), System.nanoTime() - start);
    } else {
      sender.send(batch);
    }
    ordered.clear();
    coalesced.clear();
  }

  /** The sender's thread, or null when the task thread writes (tests). */
  Thread senderThread() {
    return sender == null ? null : sender.thread();
  }

  /** Stops the sender and closes the connection; throws a failure of the sender not seen yet. */
  @Override
  public void close() throws InterruptedException {
    if (sender != null) {
      sender.close();
    } else {
      redis.close();
    }
  }
}
