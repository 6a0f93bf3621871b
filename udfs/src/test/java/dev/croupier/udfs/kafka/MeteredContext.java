package dev.croupier.udfs.kafka;

import dev.croupier.udfs.dlq.DeadLetterCounters;
import dev.croupier.udfs.metrics.CroupierMetrics;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The context Flink hands a serde in {@code open}, backed by Flink's {@link MetricListener} so
 * tests can read the counters the serde registered.
 */
final class MeteredContext
    implements DeserializationSchema.InitializationContext,
        SerializationSchema.InitializationContext {

  final MetricListener metrics = new MetricListener();

  @Override
  public MetricGroup getMetricGroup() {
    return metrics.getMetricGroup();
  }

  @Override
  public UserCodeClassLoader getUserCodeClassLoader() {
    return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
  }

  /** The value of the dead-letter counter of {@code reasonCode}, 0 if it was never registered. */
  long deadLetters(String reasonCode) {
    return metrics
        .getCounter(
            CroupierMetrics.GROUP,
            DeadLetterCounters.REASON_KEY,
            reasonCode,
            DeadLetterCounters.COUNTER)
        .map(c -> c.getCount())
        .orElse(0L);
  }

  long decodedRecords() {
    return metrics
        .getCounter(CroupierMetrics.GROUP, WireDeserializationSchema.DECODED_COUNTER)
        .orElseThrow()
        .getCount();
  }
}
