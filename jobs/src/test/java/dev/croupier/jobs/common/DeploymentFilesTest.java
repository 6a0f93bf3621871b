package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so docker-compose.yml and the cluster config are checked as text:
 * every submitter names an entry class that exists and a properties file that ships, and every JVM
 * gets the Avro trusted-packages property without which the jobs restart forever.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of(System.getProperty("croupier.project.root", ".."));
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern SUBMIT =
      Pattern.compile(
          "-c (\\S+) /opt/croupier/\\S+-flink\\.jar --config /opt/croupier-conf/(\\S+)");

  @Test
  void shouldSubmitEveryJobWithAnExistingEntryClassAndDefaultsFile() throws Exception {
    JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
    List<String> entryClasses = new ArrayList<>();
    for (String name : List.of("submit-balance", "submit-leaderboard", "submit-fraud")) {
      Matcher m = SUBMIT.matcher(services.get(name).get("command").asText());
      assertThat(m.find()).as(name).isTrue();
      entryClasses.add(m.group(1));
      assertThat(Class.forName(m.group(1)).getMethod("main", String[].class)).isNotNull();
      assertThat(ROOT.resolve("flink-conf").resolve(m.group(2))).as(name).exists();
    }
    assertThat(entryClasses)
        .containsExactlyInAnyOrder(
            "dev.croupier.jobs.balance.BalanceJob",
            "dev.croupier.jobs.leaderboard.LeaderboardJob",
            "dev.croupier.jobs.fraud.FraudDetectionJob");
    assertThat(services.fieldNames())
        .toIterable()
        .contains("kafka", "registry", "redis", "jobmanager", "taskmanager", "topics");
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
    assertThat(Files.readString(ROOT.resolve("flink-conf/config.yaml")))
        .contains("EXACTLY_ONCE")
        .contains("RETAIN_ON_CANCELLATION");
  }
}
