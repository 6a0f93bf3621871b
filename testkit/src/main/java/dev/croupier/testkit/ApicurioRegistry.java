package dev.croupier.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (the app unpacked by the testkit build) in a child JVM on 127.0.0.1,
 * speaking the Confluent API at {@link #confluentApiUrl()}. In-memory storage, BACKWARD
 * compatibility like Confluent, logs in a file. {@link #close()}, a shutdown hook and a watchdog
 * (for a killed test JVM) make sure no registry outlives its test.
 */
public final class ApicurioRegistry implements AutoCloseable {
  static final int MIN_JAVA = 21;
  private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final ParentWatchdog watchdog;
  private final int port;
  private final Path logFile;
  private final Duration startupTime;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private ApicurioRegistry(
      Process process, ParentWatchdog watchdog, int port, Path logFile, Duration startupTime) {
    this.process = process;
    this.watchdog = watchdog;
    this.port = port;
    this.logFile = logFile;
    this.startupTime = startupTime;
    this.shutdownHook = new Thread(this::close, "apicurio-registry-" + port + "-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a registry with Croupier's defaults and waits until it answers. */
  public static ApicurioRegistry start() {
    return start(Map.of());
  }

  /**
   * Starts a registry with extra Quarkus/Apicurio properties (they win over the defaults, e.g.
   * {@code apicurio.rules.global.compatibility=NONE}) and waits until it answers.
   */
  public static ApicurioRegistry start(Map<String, String> extraProperties) {
    return start(extraProperties, ATTEMPTS);
  }

  /** {@code attempts} launches at most, each on new ports, while the ports turn out taken. */
  static ApicurioRegistry start(Map<String, String> extraProperties, int attempts) {
    Path home = ApicurioHome.locate();
    Path java = JavaHomes.javaExecutable(MIN_JAVA, "Apicurio Registry");
    Path logDir = logDirectory();
    for (int attempt = 1; ; attempt++) {
      int[] ports = LoopbackPorts.free(2);
      Path log = logDir.resolve("apicurio-registry-" + ports[0] + ".log");
      long started = System.nanoTime();
      Process process = launch(java, home, log, properties(ports[0], ports[1], extraProperties));
      ParentWatchdog watchdog = ParentWatchdog.guard(process.toHandle());
      try {
        Readiness.await(process, "http://127.0.0.1:" + ports[0] + "/apis/ccompat/v7/subjects", log);
      } catch (Readiness.PortTakenException e) {
        stop(process, watchdog);
        if (attempt >= attempts) {
          throw new IllegalStateException(
              "Apicurio Registry found its port taken on "
                  + attempts
                  + " attempts. "
                  + e.getMessage(),
              e);
        }
        LOG.warn("Apicurio Registry lost its port to another process; retrying on new ports");
        continue;
      } catch (RuntimeException e) {
        stop(process, watchdog);
        throw e;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      LOG.info(
          "Apicurio Registry ready on 127.0.0.1:{} in {} ms (pid {}, log {})",
          ports[0],
          took.toMillis(),
          process.pid(),
          log);
      return new ApicurioRegistry(process, watchdog, ports[0], log, took);
    }
  }

  /** The Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
  public String confluentApiUrl() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  public int port() {
    return port;
  }

  /** The registry's process id (its own JVM), e.g. to read what CPU it used. */
  public long pid() {
    return process.pid();
  }

  /** The registry's own log (stdout and stderr of its JVM). */
  public Path logFile() {
    return logFile;
  }

  /** How long the registry took from launch to its first answer. */
  public Duration startupTime() {
    return startupTime;
  }

  ProcessHandle registryProcess() {
    return process.toHandle();
  }

  ProcessHandle watchdogProcess() {
    return watchdog.handle();
  }

  /** Stops the registry and its watchdog and waits for both to end. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop(process, watchdog);
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is going down; the hook runs close() anyway and finds it done.
      }
    }
  }

  @Override
  public String toString() {
    return "ApicurioRegistry{" + confluentApiUrl() + ", pid " + process.pid() + "}";
  }

  private static Map<String, String> properties(
      int httpPort, int managementPort, Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.http.host", "127.0.0.1");
    props.put("quarkus.http.port", Integer.toString(httpPort));
    // Health and metrics live on a management port that binds 0.0.0.0:9000 unless told otherwise.
    props.put("quarkus.management.host", "127.0.0.1");
    props.put("quarkus.management.port", Integer.toString(managementPort));
    props.put("apicurio.storage.kind", "sql");
    props.put("apicurio.storage.sql.kind", "h2");
    props.put("apicurio.datasource.url", "jdbc:h2:mem:registry");
    props.put("apicurio.datasource.jdbc.initial-size", "2");
    props.put("apicurio.datasource.jdbc.min-size", "2");
    // Apicurio's default is NONE; Confluent's, and Croupier's contract, is BACKWARD.
    props.put("apicurio.rules.global.compatibility", "BACKWARD");
    props.put("quarkus.otel.sdk.disabled", "true");
    props.putAll(extra);
    return props;
  }

  private static Process launch(Path java, Path home, Path log, Map<String, String> props) {
    List<String> command =
        new ArrayList<>(
            List.of(java.toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    props.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(home.resolve("quarkus-run.jar").toString());
    try {
      return new ProcessBuilder(command)
          .directory(log.getParent().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch Apicurio Registry with " + java, e);
    }
  }

  private static void stop(Process process, ParentWatchdog watchdog) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy(); // SIGTERM: Quarkus shuts down cleanly in well under a second
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      watchdog.close();
    }
  }

  /** {@code target/} of the module under test when there is one, else the temp directory. */
  private static Path logDirectory() {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    Path dir =
        Files.isDirectory(target)
            ? target.resolve("apicurio-logs")
            : Path.of(System.getProperty("java.io.tmpdir"), "croupier-apicurio-logs");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the registry log directory " + dir, e);
    }
  }
}
