package dev.croupier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.croupier.bench.report.Checkpoint;
import dev.croupier.bench.report.CheckpointPhases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint figures from the JobManager's REST API ({@code /jobs/:id/checkpoints}): completed
 * count, the summary's average and maximum end-to-end duration, the latest completed checkpoint's
 * full state size and the bytes it wrote; per task, where the time of the checkpoints triggered in
 * a span went ({@link #phases}). Also {@code /config} for the Flink version.
 */
final class CheckpointStats {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private CheckpointStats() {}

  static Checkpoint read(URI rest, String jobId, String job, String backend, long players)
      throws IOException {
    JsonNode c = get(rest, "/jobs/" + jobId + "/checkpoints");
    JsonNode latest = c.path("latest").path("completed");
    JsonNode e2e = c.path("summary").path("end_to_end_duration");
    return new Checkpoint(
        job,
        backend,
        c.path("counts").path("completed").asLong(),
        e2e.path("avg").asLong(),
        e2e.path("max").asLong(),
        latest.path("state_size").asLong(),
        latest.path("checkpointed_size").asLong(),
        players);
  }

  /**
   * Per task of the job, its phases over the completed checkpoints triggered between {@code fromMs}
   * and {@code toMs} (epoch milliseconds; the REST API keeps the last {@code
   * web.checkpoints.history}), each checkpoint's slowest subtask per phase. Tasks in the job
   * graph's order; none if no checkpoint completed in the span.
   */
  static List<CheckpointPhases> phases(
      URI rest, String jobId, String job, int targetRate, long fromMs, long toMs)
      throws IOException {
    Map<String, String> names = new LinkedHashMap<>();
    for (JsonNode v : get(rest, "/jobs/" + jobId).path("vertices")) {
      names.put(v.path("id").asText(), v.path("name").asText());
    }
    List<Long> ids = new ArrayList<>();
    for (JsonNode c : get(rest, "/jobs/" + jobId + "/checkpoints").path("history")) {
      long triggered = c.path("trigger_timestamp").asLong();
      if ("COMPLETED".equals(c.path("status").asText())
          && !c.path("is_savepoint").asBoolean()
          && triggered >= fromMs
          && triggered <= toMs) {
        ids.add(c.path("id").asLong());
      }
    }
    List<CheckpointPhases> out = new ArrayList<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (Map.Entry<String, String> vertex : names.entrySet()) {
      // [phase][checkpoint]: end to end, start delay, alignment, sync, async, the rest
      long[][] worst = new long[6][ids.size()];
      for (int c = 0; c < ids.size(); c++) {
        JsonNode d =
            get(
                rest,
                "/jobs/"
                    + jobId
                    + "/checkpoints/details/"
                    + ids.get(c)
                    + "/subtasks/"
                    + vertex.getKey());
        for (JsonNode s : d.path("subtasks")) {
          if (!"completed".equalsIgnoreCase(s.path("status").asText())) {
            continue;
          }
          long e2e = s.path("end_to_end_duration").asLong();
          long start = s.path("start_delay").asLong();
          long align = s.path("alignment").path("duration").asLong();
          long sync = s.path("checkpoint").path("sync").asLong();
          long async = s.path("checkpoint").path("async").asLong();
          long other = Math.max(0, e2e - start - align - sync - async);
          long[] now = {e2e, start, align, sync, async, other};
          for (int p = 0; p < now.length; p++) {
            worst[p][c] = Math.max(worst[p][c], now[p]);
          }
        }
      }
      out.add(
          new CheckpointPhases(
              job,
              vertex.getValue(),
              targetRate,
              ids.size(),
              CheckpointPhases.Phase.of(worst[0]),
              CheckpointPhases.Phase.of(worst[1]),
              CheckpointPhases.Phase.of(worst[2]),
              CheckpointPhases.Phase.of(worst[3]),
              CheckpointPhases.Phase.of(worst[4]),
              CheckpointPhases.Phase.of(worst[5])));
    }
    return out;
  }

  static String flinkVersion(URI rest) {
    try {
      return get(rest, "/config").path("flink-version").asText("?");
    } catch (IOException e) {
      return "?";
    }
  }

  static JsonNode get(URI rest, String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + path + " answered " + r.statusCode());
      }
      return JSON.readTree(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: GET " + path, e);
    }
  }
}
