package dev.croupier.udfs.redis;

import dev.croupier.udfs.config.RedisSettings;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Opens the Redis sink's writer without a Flink task, for the micro-benchmarks (RedisSinkBench): in
 * the writer's package so that the writer stays package-private in the job code.
 */
public final class BenchSinkWriters {
  private BenchSinkWriters() {}

  public static <T> SinkWriter<T> open(
      RedisSettings settings, RedisWrites<T> writes, ProcessingTimeService time, MetricGroup group)
      throws InterruptedException {
    return new PipelinedRedisWriter<>(settings, writes, time, group);
  }
}
