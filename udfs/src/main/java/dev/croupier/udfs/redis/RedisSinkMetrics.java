package dev.croupier.udfs.redis;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The Redis sink's metrics, in the writer operator's group under {@code croupier.redis}: what it
 * wrote, and how it rode out failures.
 *
 * <pre>
 * batches, recordsWritten, recordsCoalesced, batchLatencyMs   pipelined writes
 * retries            failed attempts that were retried (transient errors, lost scripts)
 * outages            times Redis stopped answering (the first failure after a success)
 * blockedMs          total time the writer waited on Redis in ended outages (backpressure)
 * currentOutageMs    how long the outage in progress has lasted, 0 when Redis answers
 * dataLossDetected   times Redis came back without this writer's marker key (data lost)
 * </pre>
 */
final class RedisSinkMetrics implements RedisBatchWriter.Listener {
  final Counter batches;
  final Counter recordsWritten;
  final Counter recordsCoalesced;
  final DescriptiveStatisticsHistogram batchLatencyMs;
  private final Counter retries;
  private final Counter outages;
  private final Counter blockedMs;
  private final Counter dataLoss;
  private final MetricGroup group;

  RedisSinkMetrics(MetricGroup operator) {
    MetricGroup g = operator.addGroup("croupier").addGroup("redis");
    batches = g.counter("batches");
    recordsWritten = g.counter("recordsWritten");
    recordsCoalesced = g.counter("recordsCoalesced");
    batchLatencyMs = g.histogram("batchLatencyMs", new DescriptiveStatisticsHistogram(1000));
    retries = g.counter("retries");
    outages = g.counter("outages");
    blockedMs = g.counter("blockedMs");
    dataLoss = g.counter("dataLossDetected");
    group = g;
  }

  /** Registers the gauge of the outage in progress, read from the writer's retry loop. */
  void currentOutage(RedisRetry retry) {
    group.gauge("currentOutageMs", (Gauge<Long>) retry::currentOutageMillis);
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
