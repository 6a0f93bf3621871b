package dev.croupier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.croupier.drills.cluster.FlinkRest;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many records a job's sources emitted so far: the sum of each source operator's {@code
 * numRecordsOut} (named {@code source <topic>}; dead letters included), as the JobManager's metric
 * fetcher last saw them. The source vertices and their metric names are looked up until found, then
 * each question is one aggregate request per source vertex.
 */
final class SourceProgress {
  private final URI rest;
  private final Submitted job;
  private final String jobId;
  private final Set<String> wanted = new HashSet<>();
  private final Map<String, String> namesByVertex = new LinkedHashMap<>();
  private List<String> sourceVertices;

  /** {@code rest}: the JobManager's REST address, for the metric requests. */
  SourceProgress(URI rest, Submitted job) {
    this.rest = rest;
    this.job = job;
    this.jobId = job.jobId();
    job.topics()
        .forEach(t -> wanted.add("Source__source_" + t.replace('.', '_') + ".numRecordsOut"));
  }

  long emitted() throws IOException {
    if (sourceVertices == null) {
      sourceVertices =
          job.detail().vertices().stream()
              .filter(v -> v.name().startsWith("Source:"))
              .map(FlinkRest.Vertex::id)
              .toList();
    }
    long sum = 0;
    for (String vertex : sourceVertices) {
      String base = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
      String names = namesByVertex.get(vertex);
      if (names == null) {
        names = names(base);
        if (names.isEmpty()) {
          continue; // not registered yet
        }
        namesByVertex.put(vertex, names);
      }
      for (JsonNode m : CheckpointStats.get(rest, base + "?agg=sum&get=" + names)) {
        sum += m.path("sum").asLong();
      }
    }
    return sum;
  }

  private String names(String base) throws IOException {
    StringBuilder names = new StringBuilder();
    for (JsonNode m : CheckpointStats.get(rest, base)) {
      String id = m.path("id").asText();
      if (wanted.contains(id)) {
        names.append(names.isEmpty() ? "" : ",").append(id);
      }
    }
    return names.toString();
  }
}
