package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.BalanceJob;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.leaderboard.LeaderboardJob;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.TopicAdmin;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.simulator.SimulatorSettings;
import dev.croupier.simulator.sink.KafkaEventSink;
import dev.croupier.simulator.sink.WireEncoder;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a dashboard sees: the three jobs run through their own {@code main} on a MiniCluster whose
 * metric reporters are configured as in {@code flink-conf/config.yaml} (the Prometheus reporter, on
 * a free port), over simulated traffic with fraud and broken records. The test scrapes the endpoint
 * over HTTP until the Croupier metrics have counted, then checks that every metric the Grafana
 * dashboard queries is one the endpoint serves.
 */
@ExtendWith(SharedServices.class)
class PrometheusMetricsIT {
  private static final Path ROOT = Path.of(System.getProperty("croupier.project.root", ".."));
  private static final Duration COUNTED_WITHIN = Duration.ofMinutes(2);
  private static final String OPERATOR = "flink_taskmanager_job_task_operator_";

  // The Croupier metrics a dashboard needs, as the Prometheus reporter names them. The Kafka
  // source puts its deserializer's metrics in a group of its own, "deserializer".
  static final String EVENTS_DECODED = OPERATOR + "deserializer_croupier_decodedRecords";
  static final String DECODING_DEAD_LETTERS = OPERATOR + "deserializer_croupier_reason_deadLetters";

  static final String EVENTS_APPLIED = OPERATOR + "croupier_eventsApplied";
  static final String DEAD_LETTERS = OPERATOR + "croupier_reason_deadLetters";
  static final String LATE_EVENTS = OPERATOR + "croupier_lateEvents";
  static final String ALERTS = OPERATOR + "croupier_rule_alerts";
  static final String ALERTS_SUPPRESSED = OPERATOR + "croupier_rule_alertsSuppressed";
  static final String BOARD_LIVE_UPDATES = OPERATOR + "croupier_leaderboard_liveUpdates";
  static final String BOARD_FINAL_UPDATES = OPERATOR + "croupier_leaderboard_finalUpdates";
  // The Redis sinks' group; the retry and outage metrics being added will sit beside these.
  static final String REDIS = OPERATOR + "redis_";
  static final String REDIS_BATCH_LATENCY = REDIS + "batchLatencyMs";
  static final String REDIS_BATCHES = REDIS + "batches";
  static final String REDIS_RECORDS_WRITTEN = REDIS + "recordsWritten";

  @Test
  void shouldServeEveryCroupierMetricTheDashboardQueries(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) throws Exception {
    // Given a MiniCluster with the reporters of flink-conf/config.yaml, on a free port
    int port = freePort();
    Configuration conf = FlinkConfigFile.metricReporters(ROOT.resolve("flink-conf/config.yaml"));
    conf.setString("metrics.reporter.prom.port", String.valueOf(port));
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128m"));
    redis.flushAll();
    TopicAdmin.createMissing(kafka.bootstrapServers(), Map.of(), Topics.ALL, 2);
    try (MiniCluster cluster = startCluster(conf);
        AutoCloseable context = TestStreamEnvironment::unsetAsContext;
        PlatformJobs jobs = new PlatformJobs(cluster)) {
      // And the three jobs, each through its own main
      List<String> common = commonArgs(kafka, registry, redis);
      jobs.submit("croupier-balance", BalanceJob::main, common);
      jobs.submit("croupier-leaderboard", LeaderboardJob::main, common);
      jobs.submit(
          "croupier-fraud",
          FraudDetectionJob::main,
          with(common, "--fraud.idleness=2s", "--fraud.transactional-id-prefix=it-prom"));

      // When simulated traffic with fraud and broken records has gone through
      sendTraffic(kafka, registry);
      Scrape scrape =
          Scrape.until(
              port,
              COUNTED_WITHIN,
              Map.of(
                  "events decoded", s -> s.sum(EVENTS_DECODED) > 0,
                  "events applied", s -> s.sum(EVENTS_APPLIED) > 0,
                  "bad input dead-lettered", s -> s.sum(DECODING_DEAD_LETTERS) > 0,
                  "alerts", s -> s.sum(ALERTS) > 0,
                  "live board updates", s -> s.sum(BOARD_LIVE_UPDATES) > 0,
                  "Redis batches timed", s -> s.sum(REDIS_BATCH_LATENCY + "_count") > 0));

      // Then the endpoint serves every Croupier metric, labelled by job and operator (the reporter
      // writes label values with '_' for '-': job croupier_fraud, reason bad_magic_byte)
      assertThat(scrape.names())
          .contains(
              EVENTS_DECODED,
              EVENTS_APPLIED,
              DECODING_DEAD_LETTERS,
              DEAD_LETTERS,
              LATE_EVENTS,
              ALERTS,
              ALERTS_SUPPRESSED,
              BOARD_LIVE_UPDATES,
              BOARD_FINAL_UPDATES,
              REDIS_BATCH_LATENCY,
              REDIS_BATCHES,
              REDIS_RECORDS_WRITTEN);
      assertThat(scrape.labelValues(EVENTS_DECODED, "job_name"))
          .containsExactlyInAnyOrder("croupier_balance", "croupier_leaderboard", "croupier_fraud");
      assertThat(scrape.labelValues(DECODING_DEAD_LETTERS, "reason"))
          .contains("bad_magic_byte", "field_rule", "unknown_schema_id");
      assertThat(scrape.labelValues(DEAD_LETTERS, "reason")).contains("late");
      assertThat(scrape.labelValues(DEAD_LETTERS, "job_name"))
          .contains("croupier_leaderboard", "croupier_fraud");
      assertThat(scrape.labelValues(ALERTS, "rule")).hasSize(10);
      assertThat(scrape.labelValues(REDIS_BATCH_LATENCY, "quantile")).contains("0.5", "0.99");
      assertThat(scrape.labelValues(REDIS_BATCH_LATENCY, "job_name"))
          .containsExactlyInAnyOrder("croupier_balance", "croupier_leaderboard", "croupier_fraud");

      // And every metric the Grafana dashboard queries is one the endpoint serves
      Set<String> croupierMetrics = new TreeSet<>();
      for (String name : scrape.names()) {
        if (name.contains("_croupier_") || name.contains("_redis_")) {
          croupierMetrics.add(name);
        }
      }
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target/scraped-croupier-metrics.txt"), croupierMetrics);
      GrafanaDashboard dashboard = GrafanaDashboard.read(GrafanaDashboard.FILE);
      assertThat(dashboard.metricNames())
          .as("metrics the dashboard queries, against those served")
          .isNotEmpty()
          .allSatisfy(name -> assertThat(scrape.names()).contains(name));
    }
  }

  private static List<String> commonArgs(
      KafkaBroker kafka, ApicurioRegistry registry, RedisServer redis) {
    return List.of(
        "--kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--registry.url=" + registry.confluentApiUrl(),
        "--redis.host=" + redis.host(),
        "--redis.port=" + redis.port(),
        "--job.parallelism=1",
        "--job.checkpoint-interval=1s",
        "--job.state-backend=hashmap",
        "--job.restart-attempts=0");
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> out = new java.util.ArrayList<>(args);
    out.addAll(List.of(more));
    return out;
  }

  /** Two hours of a 300-player casino with fraud in one session of three, sent unpaced. */
  private static void sendTraffic(KafkaBroker kafka, ApicurioRegistry registry) throws Exception {
    SimulatorSettings settings =
        SimulatorSettings.builder()
            .players(300)
            .seed(15)
            .fraudRate(0.3)
            .start(Instant.parse("2026-03-02T08:00:00Z"))
            .duration(Duration.ofHours(2))
            .acceleration(0)
            .badRecordRate(0.005)
            .settings();
    try (SchemaRegistryClient client =
            SchemaRegistryClient.create(RegistryConfig.of(registry.confluentApiUrl()));
        KafkaEventSink sink =
            KafkaEventSink.create(
                kafka.bootstrapServers(),
                Map.of(),
                new WireEncoder(client, SchemaRegistration.REGISTER))) {
      settings.simulator().run(sink, label -> {});
      sink.flush();
    }
  }

  private static MiniCluster startCluster(Configuration conf) throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(3)
                .build());
    try {
      cluster.start();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    // A job's own getExecutionEnvironment() then runs on this cluster.
    TestStreamEnvironment.setAsContext(cluster, 1);
    return cluster;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
