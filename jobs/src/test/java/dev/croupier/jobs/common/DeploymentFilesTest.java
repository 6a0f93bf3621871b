package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so {@code docker-compose.yml} is checked the way Compose would read
 * it: against the Compose Specification's JSON schema (vendored in test resources), and then for
 * what a schema cannot know — services that {@code depends_on} names exist, mounted files ship, the
 * topics are those of the topic registry, every submitter names a real entry class and defaults
 * file, and the Flink image carries the metrics reporter the cluster config names. The jar the
 * submitters run is checked after packaging, by {@code DeploymentJarPackageIT}.
 */
class DeploymentFilesTest {
  static final Path ROOT = Path.of(System.getProperty("croupier.project.root", ".."));
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern SUBMIT =
      Pattern.compile("-c (\\S+) (/opt/croupier/\\S+\\.jar) --config (\\S+)");
  private static final List<String> FLINK_SERVICES = List.of("jobmanager", "taskmanager");

  static ComposeFile compose() throws Exception {
    return ComposeFile.read(ROOT.resolve("docker-compose.yml"));
  }

  @Test
  void shouldFollowTheComposeSpecification() throws Exception {
    // Given the Compose Specification's schema
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));

    // When the compose file, anchors and merge keys resolved, is validated against it
    Set<ValidationMessage> errors = schema.validate(compose().json());

    // Then nothing is wrong with it
    assertThat(errors).isEmpty();
  }

  @Test
  void shouldDependOnlyOnServicesAndVolumesThatExist() throws Exception {
    ComposeFile compose = compose();
    List<String> volumes = new ArrayList<>();
    compose.json().path("volumes").fieldNames().forEachRemaining(volumes::add);
    for (String service : compose.serviceNames()) {
      assertThat(compose.dependencies(service))
          .as("depends_on of " + service)
          .isSubsetOf(compose.serviceNames());
      assertThat(compose.namedVolumes(service)).as("volumes of " + service).isSubsetOf(volumes);
    }
  }

  @Test
  void shouldMountOnlyFilesOfTheRepositoryOrTheBuild() throws Exception {
    // jobs/target exists once the module has been compiled; its jar is the package IT's part
    assertThat(compose().bindMounts())
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.host()).as(m.service() + " " + m.container()).exists());
  }

  @Test
  void shouldCreateExactlyTheTopicsOfTheTopicRegistry() throws Exception {
    // Given the topics service's script
    String script = compose().services().path("topics").path("command").path(0).asText();

    // Then it creates every topic of the registry and no other, the changelog and the rules
    // compacted
    Set<String> created = new LinkedHashSet<>();
    Matcher loop = Pattern.compile("for t in ([^;]+);").matcher(script);
    assertThat(loop.find()).as("the loop over the topics").isTrue();
    created.addAll(List.of(loop.group(1).trim().split("\\s+")));
    Matcher single = Pattern.compile("--topic ([a-z][\\w.-]*)").matcher(script);
    while (single.find()) {
      created.add(single.group(1));
    }
    assertThat(created)
        .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
    for (Topic<?> compacted : List.of(Topics.BALANCES, Topics.RULES)) {
      assertThat(script)
          .containsPattern(
              "--topic "
                  + Pattern.quote(compacted.name())
                  + "[^\\n]*\\n?[^\\n]*cleanup.policy=compact");
    }
  }

  @Test
  void shouldSubmitEveryJobWithAnExistingEntryClassAndDefaultsFile() throws Exception {
    ComposeFile compose = compose();
    List<String> entryClasses = new ArrayList<>();
    for (String name : List.of("submit-balance", "submit-leaderboard", "submit-fraud")) {
      Matcher m = SUBMIT.matcher(compose.services().path(name).path("command").asText());
      assertThat(m.find()).as(name).isTrue();
      entryClasses.add(m.group(1));
      assertThat(Class.forName(m.group(1)).getMethod("main", String[].class)).isNotNull();
      assertThat(compose.hostPath(name, m.group(3)))
          .as(name + " --config")
          .get()
          .satisfies(p -> assertThat(p).isRegularFile());
    }
    assertThat(entryClasses)
        .containsExactlyInAnyOrder(
            "dev.croupier.jobs.balance.BalanceJob",
            "dev.croupier.jobs.leaderboard.LeaderboardJob",
            "dev.croupier.jobs.fraud.FraudDetectionJob");
  }

  @Test
  void shouldRunTheFlinkImageThatCarriesTheReporterTheConfigNames() throws Exception {
    // Given the cluster config's reporters
    JsonNode metrics =
        YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile()).path("metrics");
    String reporter = metrics.path("reporters").asText();
    String factory = metrics.path("reporter").path(reporter).path("factory").path("class").asText();

    // Then the factory class is the Prometheus reporter of this build's Flink version, found the
    // way Flink finds plugins (a MetricReporterFactory service) ...
    Class<?> found = null;
    for (MetricReporterFactory f : ServiceLoader.load(MetricReporterFactory.class)) {
      if (f.getClass().getName().equals(factory)) {
        found = f.getClass();
      }
    }
    assertThat(found).as("a MetricReporterFactory named " + factory).isNotNull();
    String flinkVersion = EnvironmentInformation.getVersion();
    assertThat(found.getProtectionDomain().getCodeSource().getLocation().getPath())
        .endsWith("flink-metrics-prometheus-" + flinkVersion + ".jar");

    // ... which the Flink image of that version ships in /opt/flink/plugins/metrics-prometheus/
    // (flink-dist's plugins assembly): the image is that version, and nothing hides its plugins
    ComposeFile compose = compose();
    for (String service : FLINK_SERVICES) {
      assertThat(compose.services().path(service).path("image").asText())
          .as("image of " + service)
          .startsWith("flink:" + flinkVersion + "-");
      assertThat(compose.bindMounts())
          .filteredOn(m -> m.service().equals(service))
          .extracting(ComposeFile.Mount::container)
          .noneMatch(c -> "/opt/flink/plugins".startsWith(c) || c.startsWith("/opt/flink/plugins"))
          .contains("/opt/flink/conf/config.yaml");
    }
  }

  @Test
  void shouldScrapeTheReporterPortOnEveryFlinkService() throws Exception {
    // Given the reporter's port range and Prometheus' scrape targets
    String ports =
        YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile())
            .at("/metrics/reporter/prom/port")
            .asText();
    int firstPort = Integer.parseInt(ports.split("-")[0]);
    List<String> targets = new ArrayList<>();
    YAML.readTree(ROOT.resolve("monitoring/prometheus.yml").toFile())
        .path("scrape_configs")
        .findValues("targets")
        .forEach(t -> t.forEach(x -> targets.add(x.asText())));

    // Then Prometheus scrapes the first port of the range (each container's only reporter) on
    // every Flink service, and both run in the compose file with the config
    assertThat(targets)
        .containsExactlyInAnyOrderElementsOf(
            FLINK_SERVICES.stream().map(s -> s + ":" + firstPort).toList());
    assertThat(compose().serviceNames()).contains("prometheus", "grafana");
    assertThat(compose().hostPath("prometheus", "/etc/prometheus/prometheus.yml"))
        .contains(ROOT.resolve("monitoring/prometheus.yml").toAbsolutePath().normalize());
  }

  @Test
  void shouldGiveEveryFlinkJvmFlinksOpensAndNoAvroFlag() throws Exception {
    String opts =
        YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile())
            .at("/env/java/opts/all")
            .asText();
    assertThat(opts).contains("--add-opens=java.base/java.util=ALL-UNNAMED");
    assertThat(opts)
        .as("the jar trusts its generated classes itself (GeneratedClassTrust)")
        .doesNotContain("SERIALIZABLE_PACKAGES");
    JsonNode checkpointing =
        YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile())
            .at("/execution/checkpointing");
    assertThat(checkpointing.path("mode").asText()).isEqualTo("EXACTLY_ONCE");
    assertThat(checkpointing.path("externalized-checkpoint-retention").asText())
        .isEqualTo("RETAIN_ON_CANCELLATION");
  }

  @Test
  void shouldGiveTheClusterTheJobsRestartPolicyAndCheckpointStorage() throws Exception {
    JsonNode conf = YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile());
    assertThat(conf.at("/restart-strategy/type").asText()).isEqualTo("exponential-delay");
    assertThat(conf.at("/restart-strategy/exponential-delay/reset-backoff-threshold").asText())
        .isEqualTo("10min");
    assertThat(conf.at("/restart-strategy/exponential-delay/attempts-before-reset-backoff").asInt())
        .isEqualTo(30);
    assertThat(conf.at("/execution/checkpointing/storage").asText()).isEqualTo("filesystem");
    assertThat(conf.at("/execution/checkpointing/tolerable-failed-checkpoints").asInt())
        .isEqualTo(5);
    assertThat(conf.at("/pipeline/max-parallelism").asInt()).isEqualTo(128);
  }
}
