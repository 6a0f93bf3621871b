package dev.croupier.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * After {@code mvn package} (failsafe runs it in {@code verify}): the jar each submitter of {@code
 * docker-compose.yml} runs is the shaded jar this build made, reached through the service's bind
 * mounts, and every mounted path exists.
 */
class DeploymentJarPackageIT {
  private static final Pattern JAR = Pattern.compile("(/opt/croupier/\\S+\\.jar)");

  @Test
  void shouldSubmitTheShadedJarThisBuildPackaged() throws Exception {
    // Given the build's version, and the shaded jar's name from jobs/pom.xml (classifier "flink")
    String version = System.getProperty("croupier.project.version");
    assertThat(version).as("croupier.project.version, set by the build").isNotBlank();
    String jarName = "croupier-jobs-" + version + "-flink.jar";
    ComposeFile compose = DeploymentFilesTest.compose();

    // Then every submitter runs exactly that jar, which exists behind its mount
    for (String service : List.of("submit-balance", "submit-leaderboard", "submit-fraud")) {
      Matcher m = JAR.matcher(compose.services().path(service).path("command").asText());
      assertThat(m.find()).as(service).isTrue();
      assertThat(Path.of(m.group(1)).getFileName().toString()).as(service).isEqualTo(jarName);
      assertThat(compose.hostPath(service, m.group(1)))
          .as(service + " " + m.group(1))
          .get()
          .satisfies(p -> assertThat(p).isRegularFile().hasFileName(jarName));
    }
    assertThat(compose.bindMounts())
        .allSatisfy(mount -> assertThat(mount.host()).as(mount.toString()).exists());
  }
}
