package dev.croupier.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard shipped in {@code monitoring/}: its panels and the metrics they query. */
record GrafanaDashboard(JsonNode json) {
  static final Path FILE =
      Path.of(System.getProperty("croupier.project.root", ".."))
          .resolve("monitoring/grafana/dashboards/croupier.json");

  // Flink's Prometheus reporter names every metric flink_<scope>_..._<name>
  private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

  static GrafanaDashboard read(Path file) throws IOException {
    return new GrafanaDashboard(new ObjectMapper().readTree(file.toFile()));
  }

  /** Every panel, those inside collapsed rows included. */
  List<JsonNode> panels() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : json.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  /** The PromQL expressions of a panel's queries. */
  static List<String> expressions(JsonNode panel) {
    List<String> out = new ArrayList<>();
    panel.path("targets").forEach(t -> out.add(t.path("expr").asText("")));
    return out;
  }

  /** The metric names a PromQL expression reads. */
  static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** Every metric name the dashboard's queries read. */
  Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (JsonNode p : panels()) {
      expressions(p).forEach(e -> names.addAll(metricNames(e)));
    }
    return names;
  }
}
