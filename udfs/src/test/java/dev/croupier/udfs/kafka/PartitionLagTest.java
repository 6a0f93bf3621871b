package dev.croupier.udfs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.junit.jupiter.api.Test;

class PartitionLagTest {

  @Test
  void shouldKeepAConsumersLagUntilItCloses() {
    // Given a consumer's reporter that saw the lag metric of one partition
    try (Metrics metrics = new Metrics()) {
      PartitionLag reporter = new PartitionLag();
      reporter.configure(Map.of("group.id", "it-lag", "client.id", "it-lag-0"));
      MetricName name =
          metrics.metricName(
              "records-lag",
              "consumer-fetch-manager-metrics",
              Map.of("topic", "it.lag", "partition", "1"));
      metrics.addMetric(name, (config, now) -> 42.0);
      KafkaMetric lag = metrics.metric(name);
      reporter.init(List.of(lag));
      assertThat(PartitionLag.lag("it-lag", "it.lag", 1)).isEqualTo(OptionalLong.of(42));

      // When it closes, its partition is forgotten
      reporter.close();
      assertThat(PartitionLag.lag("it-lag", "it.lag", 1)).isEmpty();
    }
  }

  @Test
  void shouldCloseWithoutItsClassesWhenItSawNoPartition() throws Exception {
    // Given the reporter of an admin client (no lag metric), in a job's own class loader
    URL udfs = PartitionLag.class.getProtectionDomain().getCodeSource().getLocation();
    URL kafka = MetricsReporter.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader job = new URLClassLoader(new URL[] {udfs, kafka}, null);
    Class<?> type = job.loadClass(PartitionLag.class.getName());
    Object reporter = type.getConstructor().newInstance();
    type.getMethod("configure", Map.class).invoke(reporter, Map.of("group.id", "it-admin"));
    type.getMethod("init", List.class).invoke(reporter, List.of());

    // When the JobManager released the job's classes before the client closed it
    job.close();
    assertThatThrownBy(() -> job.loadClass(PartitionLag.class.getName() + "$Key"))
        .isInstanceOf(ClassNotFoundException.class);

    // Then it still closes (it used to fail with NoClassDefFoundError: PartitionLag$Key)
    assertThatCode(() -> type.getMethod("close").invoke(reporter)).doesNotThrowAnyException();
  }
}
