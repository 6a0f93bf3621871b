package dev.croupier.drills.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkCliTest {

  @Test
  void shouldWriteTheDocumentedRunCommandWithOptionsBeforeTheJar() {
    FlinkCli.Submission s =
        new FlinkCli.Submission(
            "dev.croupier.jobs.BalanceJob",
            Path.of("/jobs.jar"),
            "file:/sp/savepoint-1",
            List.of("--job.parallelism=2"),
            Map.of(
                "pipeline.name",
                "b",
                "$internal.pipeline.job-id",
                "0123456789abcdef0123456789abcdef"));

    assertThat(s.commandLine())
        .containsExactly(
            "run",
            "-d",
            "-D",
            "$internal.pipeline.job-id=0123456789abcdef0123456789abcdef",
            "-D",
            "pipeline.name=b",
            "-c",
            "dev.croupier.jobs.BalanceJob",
            "-s",
            "file:/sp/savepoint-1",
            "/jobs.jar",
            "--job.parallelism=2");
  }

  @Test
  void shouldLeaveOptionsOutWhenNoneAreGiven() {
    assertThat(
            new FlinkCli.Submission("E", Path.of("/j.jar"), null, List.of("--a=1")).commandLine())
        .containsExactly("run", "-d", "-c", "E", "/j.jar", "--a=1");
  }
}
