package dev.croupier.bench;

import dev.croupier.testkit.PrometheusText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How many records a measurement's sources emitted so far, read straight from the TaskManager: its
 * Prometheus reporter (configured by {@link #reporterEntries}) serves every operator's {@code
 * numRecordsOut} as it is at the request, so each count has a known time. The JobManager's REST
 * metrics, which the bench asked before, are a copy up to a fetch interval old, and each fetch
 * copies every metric of every TaskManager: dense questions cost the JobManager a share of a core.
 *
 * <p>A source is the operator {@code Source: source <topic>}; dead letters are counted, as they are
 * records read.
 */
final class SourceCounts {
  /** The bench's reporter name in the Flink configuration. */
  static final String REPORTER = "metrics.reporter.bench-counts.";

  static final String METRIC = "flink_taskmanager_job_task_operator_numRecordsOut";

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  // One client for the run: each client keeps a selector thread until it is collected.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  private final List<Integer> ports;
  private final Map<String, Set<String>> sourcesByJob;
  private String lastSilence;

  /** The ports whose process has answered: a Flink reporter, not a stranger on a spare port. */
  private final Set<Integer> answering = new HashSet<>();

  /**
   * {@code ports}: the reporter's ports (each Flink process takes the first free one); {@code
   * sourcesByJob}: each measured job's id and the names of its source operators.
   */
  SourceCounts(List<Integer> ports, Map<String, Set<String>> sourcesByJob) {
    this.ports = List.copyOf(ports);
    this.sourcesByJob = Map.copyOf(sourcesByJob);
  }

  /** The Flink operator name of the source that reads {@code topic} (as the jobs name it). */
  static String sourceName(String topic) {
    return "Source: source " + topic;
  }

  /**
   * The configuration entries of the reporter: Flink's Prometheus reporter on {@code ports},
   * reporting only the operators' {@code numRecordsOut} (a scrape stays a few hundred lines), with
   * label values as Flink names them.
   */
  static Map<String, String> reporterEntries(List<Integer> ports) {
    Map<String, String> e = new HashMap<>();
    e.put(
        REPORTER + "factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    e.put(REPORTER + "port", String.join(",", ports.stream().map(String::valueOf).toList()));
    e.put(REPORTER + "filter.includes", "*.operator:numRecordsOut");
    e.put(REPORTER + "filterLabelValueCharacters", "false");
    return e;
  }

  /**
   * The records the sources emitted, summed over every Flink process that answers; empty when none
   * answered (the reporter not up yet, or not there at all), and when a process that answered
   * before does not answer in time: its sources may hold every record read so far, and a sum
   * without them would count backwards (on a loaded machine, the TaskManager's reporter can miss
   * the time-out during a long GC while the JobManager's answers with no source at all). A port
   * that never answered is skipped, as before: the list has spares, which another program may take.
   */
  OptionalLong emitted() throws InterruptedException {
    long sum = 0;
    boolean answered = false;
    String silent = null;
    for (int port : ports) {
      HttpRequest get =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(TIMEOUT)
              .GET()
              .build();
      try {
        HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          sum += sum(r.body(), sourcesByJob);
          answered = true;
          answering.add(port);
        }
      } catch (ConnectException e) {
        // No Flink process on this port (the list has spares).
      } catch (IOException e) {
        if (!answering.contains(port)) {
          continue; // not a reporter this run has heard from
        }
        // A reporter's slow or broken answer: no answer to this question; the next one asks again.
        silent =
            "the process on port "
                + port
                + " did not answer ("
                + e.getClass().getSimpleName()
                + " after at most "
                + TIMEOUT.toSeconds()
                + " s)";
      }
    }
    lastSilence = silent;
    return answered && silent == null ? OptionalLong.of(sum) : OptionalLong.empty();
  }

  /**
   * Why the last question had no answer although a process may be there (a time-out, a broken
   * answer), or null when it had one or no process answered at all.
   */
  String lastSilence() {
    return lastSilence;
  }

  /**
   * The sum of {@link #METRIC} over the series of {@code text} (Prometheus' text format) whose
   * {@code job_id} is one of {@code sourcesByJob}'s and whose {@code operator_name} is one of that
   * job's sources.
   */
  static long sum(String text, Map<String, Set<String>> sourcesByJob) {
    long sum = 0;
    for (PrometheusText.Sample sample : PrometheusText.parse(text)) {
      if (sample.name().equals(METRIC)) {
        Set<String> sources = sourcesByJob.get(sample.labels().get("job_id"));
        if (sources != null && sources.contains(sample.labels().get("operator_name"))) {
          sum += (long) sample.value();
        }
      }
    }
    return sum;
  }
}
