package dev.croupier.udfs.redis;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The Redis sink's metrics, in the writer operator's group under {@code croupier.redis}: what it
 * wrote, and how it rode out failures.
 *
 * <pre>
 * batches, recordsWritten, recordsCoalesced, batchLatencyMs   pipelined writes
 * batchesInFlight    batches handed to the sender thread and not yet written
 * retries            failed attempts that were retried (transient errors, lost scripts)
 * outages            times Redis stopped answering (the first failure after a success)
 * blockedMs          total time the writer waited on Redis in ended outages (backpressure)
 * currentOutageMs    how long the outage in progress has lasted, 0 when Redis answers
 * dataLossDetected   times Redis came back without this writer's marker key (data lost)
 * </pre>
 *
 * <p>All but {@code recordsCoalesced} are updated by the sender thread, hence the thread-safe
 * counters (the histogram is synchronized).
 */
final class RedisSinkMetrics implements RedisBatchWriter.Listener {
  private final Counter batches;
  private final Counter recordsWritten;
  final Counter recordsCoalesced;
  private final DescriptiveStatisticsHistogram batchLatencyMs;
  private final Counter retries;
  private final Counter outages;
  private final Counter blockedMs;
  private final Counter dataLoss;
  private final MetricGroup group;

  RedisSinkMetrics(MetricGroup operator) {
    MetricGroup g = operator.addGroup("croupier").addGroup("redis");
    batches = g.counter("batches", new ThreadSafeSimpleCounter());
    recordsWritten = g.counter("recordsWritten", new ThreadSafeSimpleCounter());
    recordsCoalesced = g.counter("recordsCoalesced");
    batchLatencyMs = g.histogram("batchLatencyMs", new DescriptiveStatisticsHistogram(1000));
    retries = g.counter("retries", new ThreadSafeSimpleCounter());
    outages = g.counter("outages", new ThreadSafeSimpleCounter());
    blockedMs = g.counter("blockedMs", new ThreadSafeSimpleCounter());
    dataLoss = g.counter("dataLossDetected", new ThreadSafeSimpleCounter());
    group = g;
  }

  /** Registers the gauge of the outage in progress, read from the writer's retry loop. */
  void currentOutage(RedisRetry retry) {
    group.gauge("currentOutageMs", (Gauge<Long>) retry::currentOutageMillis);
  }

  /** Registers the gauge of the batches handed off and not yet written. */
  void batchesInFlight(Gauge<Integer> inFlight) {
    group.gauge("batchesInFlight", inFlight);
  }

  /** A batch of {@code records} was written in {@code nanos}, retries included. */
  void written(int records, long nanos) {
    batchLatencyMs.update(nanos / 1_000_000);
    batches.inc();
    recordsWritten.inc(records);
  }

  @Override
  public void retried(RedisErrors.Kind kind) {
    retries.inc();
  }

  @Override
  public void outageStarted() {
    outages.inc();
  }

  @Override
  public void outageEnded(long blockedNanos) {
    blockedMs.inc(blockedNanos / 1_000_000);
  }

  @Override
  public void dataLossDetected() {
    dataLoss.inc();
  }
}
