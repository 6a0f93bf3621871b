package dev.croupier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.croupier.testkit.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceCountsTest {
  private static final String JOB = "6f1c0d2e9a0b4c7d8e9f00112233aabb";
  private static final String OTHER_JOB = "00000000000000000000000000000001";

  /** A scrape as Flink's Prometheus reporter writes it, label values unfiltered. */
  private static final String SCRAPE =
      """
      # HELP flink_taskmanager_job_task_operator_numRecordsOut numRecordsOut (scope: taskmanager_job_task_operator)
      # TYPE flink_taskmanager_job_task_operator_numRecordsOut gauge
      flink_taskmanager_job_task_operator_numRecordsOut{job_id="%1$s",task_name="Source: source bets -> decode",operator_name="Source: source bets",subtask_index="0",job_name="croupier \\"balances\\"",} 1200.0
      flink_taskmanager_job_task_operator_numRecordsOut{job_id="%1$s",operator_name="Source: source bets",subtask_index="1",} 1.5E7
      flink_taskmanager_job_task_operator_numRecordsOut{job_id="%1$s",operator_name="Source: source payments",subtask_index="0",} 30.0
      flink_taskmanager_job_task_operator_numRecordsOut{job_id="%1$s",operator_name="decode bets",subtask_index="0",} 999.0
      flink_taskmanager_job_task_operator_numRecordsOut{job_id="%2$s",operator_name="Source: source bets",subtask_index="0",} 77.0
      flink_taskmanager_job_task_numRecordsOut{job_id="%1$s",task_name="Source: source bets",subtask_index="0",} 5.0
      """
          .formatted(JOB, OTHER_JOB);

  private static final Map<String, Set<String>> SOURCES =
      Map.of(JOB, Set.of(SourceCounts.sourceName("bets"), SourceCounts.sourceName("payments")));

  @Test
  void shouldSumTheSourcesOfTheMeasuredJobsOnly() {
    // Both subtasks of both sources; not the decoder, another job or a task-level counter.
    assertThat(SourceCounts.sum(SCRAPE, SOURCES)).isEqualTo(1_200 + 15_000_000 + 30);
  }

  @Test
  void shouldAskEveryProcessThatAnswersAndSayWhenNoneDoes() throws Exception {
    int[] ports = LoopbackPorts.free(2);
    HttpServer server = serve(ports[0], SCRAPE, 0, 0);
    try {
      // The second port has no process behind it: skipped, not an error.
      SourceCounts counts = new SourceCounts(List.of(ports[1], ports[0]), SOURCES);
      assertThat(counts.emitted()).hasValue(15_001_230);
    } finally {
      stop(server);
    }
    assertThat(new SourceCounts(List.of(ports[0], ports[1]), SOURCES).emitted())
        .isEqualTo(OptionalLong.empty());
  }

  @Test
  void shouldGiveNoCountWhenAProcessThatAnsweredBeforeDoesNotAnswerInTime() throws Exception {
    // Given the JobManager's reporter, which answers at once without any source, and the
    // TaskManager's, which holds every source and answers once, then gets stuck (a long GC on a
    // loaded machine)
    int[] ports = LoopbackPorts.free(2);
    HttpServer jobManager = serve(ports[0], "", 0, 0);
    HttpServer taskManager = serve(ports[1], SCRAPE, 1, 3_000);
    try {
      SourceCounts counts = new SourceCounts(List.of(ports[0], ports[1]), SOURCES);
      assertThat(counts.emitted()).hasValue(15_001_230);

      // When asked again; Then no count, not the JobManager's 0 (which would count backwards), and
      // the reason names the silent process
      assertThat(counts.emitted()).isEqualTo(OptionalLong.empty());
      assertThat(counts.lastSilence())
          .contains("port " + ports[1])
          .contains("HttpTimeoutException");
    } finally {
      stop(jobManager);
      stop(taskManager);
    }
  }

  @Test
  void shouldSkipASparePortWhoseProgramNeverAnsweredLikeAReporter() throws Exception {
    // Given the TaskManager's reporter, and another program on a spare port that never answers
    int[] ports = LoopbackPorts.free(2);
    HttpServer taskManager = serve(ports[0], SCRAPE, 0, 0);
    HttpServer stranger = serve(ports[1], "", 0, 3_000);
    try {
      // When asked; Then the reporter's count, as before
      SourceCounts counts = new SourceCounts(List.of(ports[0], ports[1]), SOURCES);
      assertThat(counts.emitted()).hasValue(15_001_230);
      assertThat(counts.lastSilence()).isNull();
    } finally {
      stop(taskManager);
      stop(stranger);
    }
  }

  /**
   * A reporter on {@code port} that answers {@code body}: the first {@code quick} questions at
   * once, later ones after {@code delayMs}.
   */
  private static HttpServer serve(int port, String body, int quick, long delayMs) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          try {
            Thread.sleep(asked.getAndIncrement() < quick ? 0 : delayMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.setExecutor(Executors.newCachedThreadPool()); // the slow answer must not block the other
    server.start();
    return server;
  }

  private static void stop(HttpServer server) {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  @Test
  void shouldConfigureFlinksPrometheusReporterOnTheGivenPorts() {
    Map<String, String> e = SourceCounts.reporterEntries(List.of(9301, 9302));
    assertThat(e)
        .containsEntry(
            "metrics.reporter.bench-counts.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .containsEntry("metrics.reporter.bench-counts.port", "9301,9302")
        .containsEntry("metrics.reporter.bench-counts.filterLabelValueCharacters", "false");
  }
}
