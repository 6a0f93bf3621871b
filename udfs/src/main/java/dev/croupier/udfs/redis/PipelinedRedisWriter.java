package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** The writer behind {@link PipelinedRedisSink}; runs in the task's mailbox thread only. */
final class PipelinedRedisWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(PipelinedRedisWriter.class);
  private static final int MAX_ATTEMPTS = 5;

  private final RedisSettings settings;
  private final RedisWrites<T> writes;
  private final ProcessingTimeService time;
  private final RedisClient client;
  // Coalesced records keep their first position; records without a key are appended in order.
  private final Map<Object, T> coalesced = new LinkedHashMap<>();
  private final List<T> ordered = new ArrayList<>();
  private final Counter batches;
  private final Counter written;
  private final Counter coalescedAway;
  private final DescriptiveStatisticsHistogram batchLatencyMs;
  private boolean timerPending;

  PipelinedRedisWriter(
      RedisSettings settings,
      RedisWrites<T> writes,
      ProcessingTimeService time,
      MetricGroup metrics) {
    this.settings = settings;
    this.writes = writes;
    this.time = time;
    this.client = RedisConnector.open(settings);
    writes.open(client);
    MetricGroup g = metrics.addGroup("redis");
    this.batches = g.counter("batches");
    this.written = g.counter("recordsWritten");
    this.coalescedAway = g.counter("recordsCoalesced");
    this.batchLatencyMs = g.histogram("batchLatencyMs", new DescriptiveStatisticsHistogram(1000));
  }

  @Override
  public void write(T record, Context context) {
    Object key = writes.coalesceKey(record);
    if (key == null) {
      ordered.add(record);
    } else if (coalesced.put(key, record) != null) {
      coalescedAway.inc();
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
  public void flush(boolean endOfInput) {
    flushBatch();
  }

  private int pending() {
    return coalesced.size() + ordered.size();
  }

  private void flushBatch() {
    if (pending() == 0) {
      return;
    }
    List<T> batch = new ArrayList<>(ordered);
    batch.addAll(coalesced.values());
    long start = System.nanoTime();
    send(batch);
    batchLatencyMs.update((System.nanoTime() - start) / 1_000_000);
    batches.inc();
    written.inc(batch.size());
    ordered.clear();
    coalesced.clear();
  }

  private void send(List<T> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        Pipeline p = client.pipelined();
        for (T r : batch) {
          writes.write(p, r);
        }
        List<Object> replies = p.syncAndReturnAll();
        p.close();
        JedisDataException error = firstError(replies);
        if (error == null) {
          return;
        }
        if (error.getMessage() != null
            && error.getMessage().startsWith("NOSCRIPT")
            && attempt < MAX_ATTEMPTS) {
          writes.open(
              client); // Redis restarted or flushed its scripts: load them again and replay.
          continue;
        }
        throw error;
      } catch (JedisDataException e) {
        throw new IllegalStateException("Redis refused a write: " + e.getMessage(), e);
      } catch (JedisException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateException(
              "Redis at "
                  + settings.host()
                  + ":"
                  + settings.port()
                  + " unreachable after "
                  + attempt
                  + " attempts",
              e);
        }
        LOG.warn(
            "Redis batch of {} failed (attempt {}): {}", batch.size(), attempt, e.getMessage());
        sleep(100L << attempt);
      }
    }
  }

  private static JedisDataException firstError(List<Object> replies) {
    for (Object o : replies) {
      if (o instanceof JedisDataException e) {
        return e;
      }
    }
    return null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
