package dev.croupier.udfs.kafka;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * How far each Kafka partition a job reads is behind its end, as its own consumer last saw it: a
 * Kafka {@link MetricsReporter} (registered in {@code metric.reporters} of every source consumer by
 * the jobs) that keeps each consumer's per-partition {@code records-lag} metric, looked up by
 * consumer group, topic and partition. Lets a watermark generator tell a partition that has no data
 * to read from one that has not been read yet (see the jobs' {@code InputWatermarks}).
 *
 * <p>The lag is the consumer's own figure after its last fetch (for {@code read_committed}, up to
 * the last stable offset), so asking costs no request. One registry per JVM (per class loader).
 */
public final class PartitionLag implements MetricsReporter {
  private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
  private static final String RECORDS_LAG = "records-lag";
  private static final Map<Key, Entry> LAGS = new ConcurrentHashMap<>();

  private final Map<Key, KafkaMetric> mine = new ConcurrentHashMap<>();
  private String group = "";

  /** One partition of a topic read by a consumer group. */
  private record Key(String group, String topic, int partition) {}

  /** A partition's lag metric, and whether a watermark generator has claimed the partition. */
  private static final class Entry {
    final KafkaMetric metric;
    volatile boolean claimed;

    Entry(KafkaMetric metric) {
      this.metric = metric;
    }

    OptionalLong lag() {
      Object v = metric.metricValue();
      if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
        return OptionalLong.of(Math.round(n.doubleValue()));
      }
      return OptionalLong.empty();
    }
  }

  /** The Kafka consumer property to append this reporter to. */
  public static final String METRIC_REPORTERS = "metric.reporters";

  /** {@code reporters} (a {@code metric.reporters} value, may be null) with this class added. */
  public static String withReporter(String reporters) {
    String self = PartitionLag.class.getName();
    if (reporters == null || reporters.isBlank()) {
      return self;
    }
    return reporters.contains(self) ? reporters : reporters + "," + self;
  }

  /**
   * The lag of {@code partition} of {@code topic} as read by {@code group} in this JVM, or empty
   * when its consumer has not fetched it yet (or runs elsewhere).
   */
  public static OptionalLong lag(String group, String topic, int partition) {
    Entry e = LAGS.get(new Key(group, topic, partition));
    return e == null ? OptionalLong.empty() : e.lag();
  }

  /** Marks {@code partition} as known to a watermark generator (see {@link #unclaimedCaughtUp}). */
  public static void claim(String group, String topic, int partition) {
    Entry e = LAGS.get(new Key(group, topic, partition));
    if (e != null) {
      e.claimed = true;
    }
  }

  /**
   * Whether every partition of {@code topic} read by {@code group} in this JVM that no generator
   * has claimed yet has nothing left to read; null when none has been fetched yet. A generator that
   * has not seen a record yet cannot know its partition: it is safe to call it idle when all the
   * partitions it could be are caught up.
   */
  public static Boolean unclaimedCaughtUp(String group, String topic) {
    boolean any = false;
    for (Map.Entry<Key, Entry> e : LAGS.entrySet()) {
      Key k = e.getKey();
      if (!k.group.equals(group) || !k.topic.equals(topic)) {
        continue;
      }
      any = true;
      if (!e.getValue().claimed) {
        OptionalLong lag = e.getValue().lag();
        if (lag.isEmpty() || lag.getAsLong() > 0) {
          return false;
        }
      }
    }
    return any ? Boolean.TRUE : null;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object g = configs.get("group.id");
    group = g == null ? "" : g.toString();
  }

  @Override
  public void init(List<KafkaMetric> metrics) {
    metrics.forEach(this::metricChange);
  }

  @Override
  public void metricChange(KafkaMetric metric) {
    Key key = keyOf(metric.metricName());
    if (key != null) {
      LAGS.put(key, new Entry(metric)); // a new consumer of the partition starts unclaimed
      mine.put(key, metric);
    }
  }

  @Override
  public void metricRemoval(KafkaMetric metric) {
    Key key = keyOf(metric.metricName());
    if (key != null) {
      LAGS.computeIfPresent(key, (k, e) -> e.metric == metric ? null : e);
    }
  }

  /** Forgets this consumer's partitions, unless a newer consumer has registered them since. */
  @Override
  public void close() {
    mine.forEach(
        (key, metric) -> LAGS.computeIfPresent(key, (k, e) -> e.metric == metric ? null : e));
    mine.clear();
  }

  private Key keyOf(MetricName name) {
    if (!RECORDS_LAG.equals(name.name()) || !FETCH_GROUP.equals(name.group())) {
      return null;
    }
    String topic = name.tags().get("topic");
    String partition = name.tags().get("partition");
    if (topic == null || partition == null) {
      return null;
    }
    return new Key(group, topic, Integer.parseInt(partition));
  }
}
