package dev.croupier.drills.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JobManager's REST API, as the web UI and operators use it: jobs and their state, where their
 * tasks run, checkpoints, exceptions, restarts and TaskManagers. Every call has a time-out.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public FlinkRest(URI base) {
    this.base = base;
  }

  /** One job as {@code /jobs/overview} lists it. */
  public record JobSummary(String id, String name, String state) {}

  /** A job's vertices: per vertex its parallelism and how many subtasks are in each state. */
  public record JobDetail(String id, String name, String state, List<Vertex> vertices) {
    /** Whether the job and every subtask of it run. */
    public boolean allRunning() {
      return state.equals("RUNNING")
          && vertices.stream().allMatch(v -> v.running() == v.parallelism());
    }

    /** The largest parallelism of its vertices. */
    public int maxParallelism() {
      return vertices.stream().mapToInt(Vertex::parallelism).max().orElse(0);
    }
  }

  /** A vertex of a job graph. */
  public record Vertex(String id, String name, int parallelism, int running) {}

  /** A TaskManager registered with the JobManager. */
  public record TaskManager(String id, String host, int slots, int freeSlots) {}

  /** The checkpoint figures of a job. */
  public record Checkpoints(
      long completed,
      long failed,
      Long latestCompletedId,
      String latestCompletedPath,
      Long latestCompletedAt,
      Long restoredId) {}

  /** Whether the REST API answers at all. */
  public boolean answers() {
    try {
      return get("/overview").has("taskmanagers");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  public List<JobSummary> jobs() throws IOException {
    List<JobSummary> out = new ArrayList<>();
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      out.add(
          new JobSummary(
              j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()));
    }
    return out;
  }

  /** The newest job of that name that is not globally terminal, if any. */
  public Optional<JobSummary> activeJob(String name) throws IOException {
    return jobs().stream()
        .filter(j -> j.name().equals(name))
        .filter(j -> !List.of("FINISHED", "CANCELED", "FAILED").contains(j.state()))
        .findFirst();
  }

  public JobDetail job(String jobId) throws IOException {
    JsonNode j = get("/jobs/" + jobId);
    List<Vertex> vertices = new ArrayList<>();
    for (JsonNode v : j.path("vertices")) {
      vertices.add(
          new Vertex(
              v.path("id").asText(),
              v.path("name").asText(),
              v.path("parallelism").asInt(),
              v.path("tasks").path("RUNNING").asInt()));
    }
    return new JobDetail(jobId, j.path("name").asText(), j.path("state").asText(), vertices);
  }

  /** How many subtasks of the job each TaskManager (by resource id) runs. */
  public Map<String, Integer> subtasksPerTaskManager(String jobId) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    for (Vertex v : job(jobId).vertices()) {
      for (JsonNode s : get("/jobs/" + jobId + "/vertices/" + v.id()).path("subtasks")) {
        String tm = s.path("taskmanager-id").asText("");
        if (!tm.isEmpty() && !tm.equals("(unassigned)")) {
          out.merge(tm, 1, Integer::sum);
        }
      }
    }
    return out;
  }

  public List<TaskManager> taskManagers() throws IOException {
    List<TaskManager> out = new ArrayList<>();
    for (JsonNode t : get("/taskmanagers").path("taskmanagers")) {
      out.add(
          new TaskManager(
              t.path("id").asText(),
              t.path("path").asText(),
              t.path("slotsNumber").asInt(),
              t.path("freeSlots").asInt()));
    }
    return out;
  }

  public Checkpoints checkpoints(String jobId) throws IOException {
    JsonNode c = get("/jobs/" + jobId + "/checkpoints");
    JsonNode latest = c.path("latest").path("completed");
    JsonNode restored = c.path("latest").path("restored");
    return new Checkpoints(
        c.path("counts").path("completed").asLong(),
        c.path("counts").path("failed").asLong(),
        latest.isMissingNode() || latest.isNull() ? null : latest.path("id").asLong(),
        latest.isMissingNode() || latest.isNull() ? null : latest.path("external_path").asText(),
        latest.isMissingNode() || latest.isNull()
            ? null
            : latest.path("latest_ack_timestamp").asLong(),
        restored.isMissingNode() || restored.isNull() ? null : restored.path("id").asLong());
  }

  /** How often the job restarted (Flink's {@code numRestarts} metric). */
  public long restarts(String jobId) throws IOException {
    for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
      return m.path("value").asLong();
    }
    return 0;
  }

  /** The root exceptions of the job's failures, newest first: name and first line of message. */
  public List<String> exceptions(String jobId) throws IOException {
    List<String> out = new ArrayList<>();
    JsonNode history =
        get("/jobs/" + jobId + "/exceptions?maxExceptions=50").path("exceptionHistory");
    for (JsonNode e : history.path("entries")) {
      out.add(e.path("exceptionName").asText() + ": " + e.path("stacktrace").asText());
    }
    return out;
  }

  private JsonNode get(String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: GET " + path, e);
    }
  }
}
