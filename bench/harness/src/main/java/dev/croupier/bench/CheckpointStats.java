package dev.croupier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.croupier.bench.report.Checkpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checkpoint figures from the JobManager's REST API ({@code /jobs/:id/checkpoints}): completed
 * count, the summary's average and maximum end-to-end duration, the latest completed checkpoint's
 * full state size and the bytes it wrote. Also {@code /config} for the Flink version.
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
