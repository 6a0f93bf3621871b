package dev.croupier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry fixture: a real registry on loopback that leaves no process behind. */
class ApicurioRegistryTest {
  private static final Duration WATCHDOG_REACTION = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldServeTheConfluentApiWithBackwardCompatibilityAndLeaveNoProcessWhenClosed()
      throws Exception {
    // Given a started registry
    ApicurioRegistry registry = ApicurioRegistry.start();
    ProcessHandle server = registry.registryProcess();
    ProcessHandle watchdog = registry.watchdogProcess();
    try {
      // When asked through the Confluent API
      HttpResponse<String> subjects = get(registry.confluentApiUrl() + "/subjects");
      HttpResponse<String> config = get(registry.confluentApiUrl() + "/config");

      // Then it answers on loopback, with no subjects and BACKWARD like Confluent
      assertThat(registry.confluentApiUrl())
          .isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7");
      assertThat(subjects.statusCode()).isEqualTo(200);
      assertThat(subjects.body()).isEqualTo("[]");
      assertThat(config.body()).contains("\"BACKWARD\"");
      assertThat(registry.logFile()).exists().content().contains("Listening on: http://127.0.0.1:");
      assertThat(server.isAlive()).isTrue();
      assertThat(watchdog.isAlive()).isTrue();
    } finally {
      // When closed
      registry.close();
    }

    // Then neither the registry nor its watchdog is left, and closing again is harmless
    assertThat(server.isAlive()).isFalse();
    assertThat(watchdog.isAlive()).isFalse();
    assertThat(ProcessHandle.of(server.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    registry.close();
  }

  @Test
  void shouldStopTheRegistryWhenTheJvmThatStartedItIsKilled() throws Exception {
    // Given a registry started by another JVM
    Process parent = startParentJvm();
    long registryPid;
    long watchdogPid;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = out.lines().filter(line -> line.startsWith("READY ")).findFirst().orElse(null);
      assertThat(ready).as("the child JVM's READY line").isNotNull();
      String[] pids = ready.split(" ");
      registryPid = Long.parseLong(pids[1]);
      watchdogPid = Long.parseLong(pids[2]);
      assertThat(ProcessHandle.of(registryPid)).get().matches(ProcessHandle::isAlive);

      // When that JVM is killed with SIGKILL: no shutdown hook runs
      parent.destroyForcibly();
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      parent.destroyForcibly();
    }

    // Then the watchdog stops the registry, and then itself
    assertThat(awaitGone(registryPid)).as("registry pid %d gone", registryPid).isTrue();
    assertThat(awaitGone(watchdogPid)).as("watchdog pid %d gone", watchdogPid).isTrue();
  }

  @Test
  void shouldFailWithTheTailOfTheRegistryLogWhenItCannotStart() throws Exception {
    // Given a port that is taken, forced on the registry
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> onTakenPort =
          Map.of("quarkus.http.port", Integer.toString(taken.getLocalPort()));

      // When it starts, Then it retries, fails saying why with the log's last lines, leaves nothing
      assertThatThrownBy(() -> ApicurioRegistry.start(onTakenPort, 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port taken on 2 attempts")
          .hasMessageContaining("exited with code")
          .hasMessageContaining("Last lines of")
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
    }
    assertThat(registryChildren()).isEmpty();
  }

  /** Registry JVMs started by this JVM, directly or through a watchdog. */
  private static List<ProcessHandle> registryChildren() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
        .toList();
  }

  private Process startParentJvm() throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            List.of(
                java.toString(), "-Xmx128m", "-cp", classpath, RegistryInChildJvm.class.getName()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static boolean awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + WATCHDOG_REACTION.toNanos();
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
