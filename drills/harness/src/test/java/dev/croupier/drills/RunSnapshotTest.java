package dev.croupier.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lib/run-snapshot.sh}, which {@code bin/croupier-bench} and {@code bin/croupier-drills}
 * source: a run works from copies that a rebuild cannot change, and the copies of ended runs are
 * removed by their pid, those of running ones kept.
 */
class RunSnapshotTest {
  private static final Path SCRIPT = Path.of("../../bin/lib/run-snapshot.sh").toAbsolutePath();

  @TempDir Path root;

  /** A local Maven repository, outside the repository's root. */
  @TempDir Path m2;

  @Test
  void shouldRunFromAbsoluteCopiesThatARebuildLeavesAlone() throws Exception {
    Path harnessClass = write("harness/target/classes/dev/A.class", "harness v1");
    Path moduleJar = write("udfs/target/croupier-udfs.jar", "udfs v1");
    Path jobsJar = write("jobs/target/croupier-jobs-0.1.0-SNAPSHOT-flink.jar", "jobs v1");
    // A module as mvn install leaves it in the local Maven repository: rewritten by every install.
    Path installedJar = m2.resolve("dev/croupier/croupier-schemas/croupier-schemas.jar");
    Files.createDirectories(installedJar.getParent());
    Files.writeString(installedJar, "schemas v1");
    Path mavenJar = m2.resolve("org/apache/flink/flink-core.jar"); // a release: never rewritten
    Path cpFile = root.resolve("harness/target/classpath.txt");
    Files.writeString(cpFile, moduleJar + ":" + installedJar + ":" + mavenJar); // no newline

    List<String> out =
        snapshot(
            // relative paths, as the bin/ commands give them from the repository's root
            "cd \"$root\"",
            "snapshot_run snapshots harness/target/classes harness/target/classpath.txt",
            "echo \"cp=$SNAPSHOT_CP\"",
            "echo \"jar=$SNAPSHOT_JOBS_JAR\"",
            "echo \"pid=$$\"");
    String pid = value(out, "pid=");
    Path snap = root.resolve("snapshots/run-" + pid);
    assertThat(value(out, "cp="))
        .isEqualTo(
            String.join(
                ":",
                snap.resolve("classes").toString(),
                snap.resolve("lib/1-croupier-udfs.jar").toString(),
                snap.resolve("lib/2-croupier-schemas.jar").toString(),
                mavenJar.toString()));
    assertThat(value(out, "jar="))
        .isEqualTo(snap.resolve("croupier-jobs-0.1.0-SNAPSHOT-flink.jar").toString());

    // A rebuild after the copy: the run still sees the build it started with.
    Files.writeString(harnessClass, "harness v2");
    Files.writeString(moduleJar, "udfs v2");
    Files.writeString(installedJar, "schemas v2");
    Files.writeString(jobsJar, "jobs v2");
    assertThat(Files.readString(snap.resolve("classes/dev/A.class"))).isEqualTo("harness v1");
    assertThat(Files.readString(snap.resolve("lib/1-croupier-udfs.jar"))).isEqualTo("udfs v1");
    assertThat(Files.readString(snap.resolve("lib/2-croupier-schemas.jar")))
        .isEqualTo("schemas v1");
    assertThat(Files.readString(snap.resolve("croupier-jobs-0.1.0-SNAPSHOT-flink.jar")))
        .isEqualTo("jobs v1");
  }

  @Test
  void shouldRemoveTheCopiesOfEndedRunsOnlyByTheirPid() throws Exception {
    write("harness/target/classes/dev/A.class", "harness");
    Path cpFile = write("harness/target/classpath.txt", "");
    Process running = new ProcessBuilder("sleep", "60").start();
    try {
      Path ended = write("snapshots/run-" + endedPid() + "/classes/x", "ended run");
      Path alive = write("snapshots/run-" + running.pid() + "/classes/x", "running run");

      snapshot("snapshot_run \"$root/snapshots\" \"$root/harness/target/classes\" " + q(cpFile));

      assertThat(ended).doesNotExist();
      assertThat(alive).exists();
    } finally {
      running.destroy();
      running.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The pid of a process that has ended (not reused in the moment the test takes). */
  private static long endedPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.pid();
  }

  /** Runs {@code lines} in bash with the script sourced as the bin/ commands source it. */
  private List<String> snapshot(String... lines) throws Exception {
    String script =
        "set -euo pipefail\nroot=" + q(root) + "\n. " + q(SCRIPT) + "\n" + String.join("\n", lines);
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output.lines().toList();
  }

  private static String value(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + lines));
  }

  private Path write(String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private static String q(Path p) {
    return "'" + p + "'";
  }
}
