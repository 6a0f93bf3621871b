package dev.croupier.drills.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.drills.jobs.CroupierJob;
import dev.croupier.drills.jobs.JarVariant;
import dev.croupier.drills.process.ChildProcess;
import dev.croupier.drills.process.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a stock cluster: no Flink JVM carries {@code
 * -Dorg.apache.avro.SERIALIZABLE_PACKAGES}, yet the three jobs decode their inputs, exchange Avro
 * records between tasks, stop with savepoints and restore their Avro state from them, and their
 * outputs equal the oracles. The same jar without the service that installs the trust ({@code
 * GeneratedClassTrust}) fails as the jar did before it: Avro forbids the generated class.
 */
class AvroTrustOnClusterIT {
  static final String AVRO_FLAG = "org.apache.avro.SERIALIZABLE_PACKAGES";
  static final String TRUST_SERVICE = "META-INF/services/org.apache.avro.Conversion";

  @Test
  void shouldDecodeAndRestoreOnAClusterWithoutTheAvroFlag(@TempDir Path dir) throws Exception {
    DrillContext context = TestContexts.quick(dir);
    DrillResult result;
    try (DrillRun run =
        DrillRun.start(context, "avro-trust", TestContexts.SMALL, context.jar(), 2)) {
      // Given a cluster whose JVMs have no Avro option
      List<ChildProcess> flink = new ArrayList<>(run.cluster().flink().taskManagers());
      flink.add(run.cluster().flink().jobManager());
      assertThat(flink)
          .hasSize(3)
          .allSatisfy(
              p ->
                  assertThat(commandLine(p))
                      .contains("org.apache.flink.runtime.")
                      .doesNotContain(AVRO_FLAG));

      // When the jobs stop with savepoints halfway and resume from them
      run.awaitSent(0.5);
      Map<CroupierJob, String> savepoints = run.deployment().stopAllWithSavepoint();
      run.deployment().submitAll(savepoints);
      for (String jobId : run.deployment().jobIds().values()) {
        assertThat(run.cluster().flink().rest().checkpoints(jobId).restoredId()).isNotNull();
      }
      result = run.finish();

      // And the same jar without the trust service is submitted on the same cluster
      Path untrusting =
          JarVariant.of(context.jar())
              .remove(TRUST_SERVICE)
              .writeTo(dir.resolve("croupier-jobs-untrusting-flink.jar"));
      run.deployment().stopAllWithSavepoint();
      String failure = untrustingBalanceJob(run, untrusting);

      // Then it fails as the jar did on a stock cluster before the fix
      assertThat(failure).contains("Forbidden dev.croupier.schemas.avro.");
    }
    // Then the trusting jar decoded and restored everything, as the oracles say
    assertThat(result.differences()).isEmpty();
    assertThat(result.events()).isGreaterThan(10_000);
  }

  /** Submits the balance job from {@code jar} and returns Avro's refusal, wherever it shows. */
  private static String untrustingBalanceJob(DrillRun run, Path jar) throws Exception {
    run.deployment()
        .useJar(jar)
        // a group of its own, so the job reads (and must decode) everything again
        .withArgs(CroupierJob.BALANCE, List.of("--kafka.group-id=croupier-untrusting"));
    String jobId;
    try {
      jobId = run.deployment().submit(CroupierJob.BALANCE, null);
    } catch (IllegalStateException submitFailed) {
      System.out.println("The untrusting jar was refused by the flink client");
      return submitFailed.getMessage(); // refused while the client built the job graph
    }
    StringBuilder seen = new StringBuilder();
    Waits.until(
        "the untrusting job to fail on an Avro class",
        Duration.ofMinutes(3),
        Duration.ofSeconds(1),
        () -> {
          seen.setLength(0);
          run.cluster().flink().rest().exceptions(jobId).forEach(seen::append);
          return seen.toString().contains("Forbidden");
        });
    run.cluster().flink().cli().cancel(jobId);
    System.out.println("The untrusting jar failed on the TaskManagers: " + seen.substring(0, 300));
    return seen.toString();
  }

  private static String commandLine(ChildProcess p) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
