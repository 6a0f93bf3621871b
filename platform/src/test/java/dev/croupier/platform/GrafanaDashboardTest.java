package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard is valid JSON that Grafana can provision: unique panel ids, each
 * panel on the provisioned Prometheus data source with at least one query that reads a Flink
 * metric. That those metrics exist is {@link PrometheusMetricsIT}'s part.
 */
class GrafanaDashboardTest {
  private static final Path ROOT = Path.of(System.getProperty("croupier.project.root", ".."));

  @Test
  void shouldQueryFlinkMetricsFromTheProvisionedDataSourceInEveryPanel() throws Exception {
    // Given the dashboard and the data source Grafana is provisioned with
    GrafanaDashboard dashboard = GrafanaDashboard.read(GrafanaDashboard.FILE);
    JsonNode datasource =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                ROOT.resolve("monitoring/grafana/provisioning/datasources/prometheus.yml").toFile())
            .path("datasources")
            .path(0);

    // Then it has a uid and panels, each with a unique id, that data source and a Flink query
    assertThat(dashboard.json().path("uid").asText()).isNotBlank();
    assertThat(dashboard.panels()).hasSizeGreaterThanOrEqualTo(8);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.panels()) {
      String title = panel.path("title").asText();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
      assertThat(panel.path("datasource").path("uid").asText())
          .as("data source of " + title)
          .isEqualTo(datasource.path("uid").asText());
      assertThat(GrafanaDashboard.expressions(panel))
          .as("queries of " + title)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(GrafanaDashboard.metricNames(e)).isNotEmpty());
    }
    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
  }
}
