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
 * consumer group, topic and partition (and, for partitions not seen yet, by consumer client id).
 * Lets a watermark generator tell a partition that has no data to read from one that has not been
 * read yet (see the jobs' {@code InputWatermarks}).
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
  private String client = "";

  /** One partition of a topic read by a consumer group. */
  private record Key(String group, String topic, int partition) {}

  /**
   * A partition's lag metric, the client id of the consumer that reads it, and whether a watermark
   * generator has claimed the partition.
   */
  private static final class Entry {
    final KafkaMetric metric;
    final String client;
    volatile boolean claimed;

    Entry(KafkaMetric metric, String client) {
      this.metric = metric;
      this.client = client;
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

  /** Marks {@code partition} as known to a watermark generator (see {@link #consumerCaughtUp}). */
  public static void claim(String group, String topic, int partition) {
    Entry e = LAGS.get(new Key(group, topic, partition));
    if (e != null) {
      e.claimed = true;
    }
  }

  /**
   * Whether the consumer {@code clientId} of {@code group} has nothing left to read in the
   * partitions of {@code topic} that no watermark generator has claimed yet; null when it has not
   * fetched any partition of the topic yet (or runs elsewhere). This answers for a source subtask's
   * partitions that have not shown a record: Flink creates a partition's own watermark generator
   * only when its first records arrive, so until then the subtask's main generator decides whether
   * the subtask holds the watermark back.
   *
   * <p>Only the subtask's own consumer can answer. Another subtask's partitions say nothing about
   * this one's: a subtask whose first fetch is slow must not be called idle because another subtask
   * has fetched and caught up, or its records arrive behind the watermark the others moved. One gap
   * remains: a consumer whose partitions sit on several brokers may have fetched from some of them
   * only; its first fetches go out together, so the gap is far shorter than any idleness.
   */
  public static Boolean consumerCaughtUp(String group, String topic, String clientId) {
    if (clientId == null) {
      return null;
    }
    boolean fetched = false;
    for (Map.Entry<Key, Entry> e : LAGS.entrySet()) {
      Key k = e.getKey();
      Entry entry = e.getValue();
      if (!k.group.equals(group) || !k.topic.equals(topic) || !clientId.equals(entry.client)) {
        continue;
      }
      fetched = true;
      if (!entry.claimed) {
        OptionalLong lag = entry.lag();
        if (lag.isEmpty() || lag.getAsLong() > 0) {
          return false;
        }
      }
    }
    return fetched ? Boolean.TRUE : null;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object g = configs.get("group.id");
    group = g == null ? "" : g.toString();
    Object c = configs.get("client.id");
    client = c == null ? "" : c.toString();
  }

  @Override
  public void init(List<KafkaMetric> metrics) {
    metrics.forEach(this::metricChange);
  }

  @Override
  public void metricChange(KafkaMetric metric) {
    Key key = keyOf(metric.metricName());
    if (key != null) {
      LAGS.put(key, new Entry(metric, client)); // a new consumer of the partition starts unclaimed
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

  /**
   * Forgets this consumer's partitions, unless a newer consumer has registered them since. On the
   * JobManager, the sources' admin clients (which have no lag metric) close their reporter on their
   * own thread, possibly after the job's classes were released: a reporter that saw no partition
   * must then load no class (the key, a lambda's), or the client fails to close cleanly.
   */
  @Override
  public void close() {
    if (mine.isEmpty()) {
      return;
    }
    for (Map.Entry<Key, KafkaMetric> m : mine.entrySet()) {
      Entry e = LAGS.get(m.getKey());
      if (e != null && e.metric == m.getValue()) {
        LAGS.remove(m.getKey(), e);
      }
    }
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
