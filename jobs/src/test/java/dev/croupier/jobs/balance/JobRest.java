package dev.croupier.jobs.balance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;

/** What a MiniCluster's REST API says about a job: its failures and its operators' metrics. */
final class JobRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  /** A cluster configuration whose REST API serves metrics at most half a second old. */
  static Configuration freshMetrics() {
    Configuration conf = new Configuration();
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
    return conf;
  }

  JobRest(Configuration clientConfig, JobID job) {
    this.base =
        "http://"
            + clientConfig.get(RestOptions.ADDRESS)
            + ":"
            + clientConfig.get(RestOptions.PORT)
            + "/jobs/"
            + job;
  }

  /** The failures the job went through (its exception history), oldest last. */
  List<String> failures() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode e : get("/exceptions").path("exceptionHistory").path("entries")) {
      out.add(
          e.path("exceptionName").asText()
              + ": "
              + e.path("stacktrace").asText().lines().findFirst().orElse(""));
    }
    return out;
  }

  /**
   * The sum over every subtask of every operator metric whose name ends with {@code suffix}. The
   * REST API answers from a store it refreshes in the background after each request, so a first
   * answer may be stale: this asks until the sum is positive, for up to 15 s (a counter that really
   * is 0 takes that long to read).
   */
  long metricSum(String suffix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    long sum = readMetricSum(suffix);
    while (sum <= 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      sum = readMetricSum(suffix);
    }
    return sum;
  }

  private long readMetricSum(String suffix) throws Exception {
    long sum = 0;
    for (JsonNode vertex : get("").path("vertices")) {
      String path = "/vertices/" + vertex.path("id").asText() + "/metrics";
      List<String> ids = new ArrayList<>();
      for (JsonNode m : get(path)) {
        if (m.path("id").asText().endsWith(suffix)) {
          ids.add(m.path("id").asText());
        }
      }
      if (!ids.isEmpty()) {
        String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
        for (JsonNode m : get(path + "?get=" + query)) {
          sum += (long) Double.parseDouble(m.path("value").asText("0"));
        }
      }
    }
    return sum;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }
}
