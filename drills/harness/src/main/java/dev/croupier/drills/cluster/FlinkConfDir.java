package dev.croupier.drills.cluster;

import dev.croupier.drills.process.Exec;
import dev.croupier.drills.process.JavaCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A standalone cluster's {@code conf/} directory as the drills write it — {@code config.yaml} for
 * loopback ports, slots, heartbeats and file-system checkpoints, log4j files for the processes and
 * the CLI — and the memory flags Flink's scripts would take from {@code BashJavaUtils} for it.
 */
final class FlinkConfDir {
  private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

  /** JVM memory flags and dynamic properties of one process kind, as the scripts pass them. */
  record MemoryFlags(List<String> jvm, List<String> args) {}

  private final Path dir;

  FlinkConfDir(Path dir) {
    this.dir = dir;
  }

  Path path() {
    return dir;
  }

  Path log4j() {
    return dir.resolve("log4j.properties");
  }

  Path log4jCli() {
    return dir.resolve("log4j-cli.properties");
  }

  /** Writes {@code config.yaml} with {@code entries} and the log4j files. */
  void write(Map<String, String> entries) {
    StringBuilder yaml = new StringBuilder("# Written by the Croupier drills: a stock cluster.\n");
    entries.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.yaml"), yaml);
      Files.writeString(log4j(), LOG4J);
      Files.writeString(log4jCli(), LOG4J);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Flink configuration in " + dir, e);
    }
  }

  /** The configuration of a cluster on loopback, sized and tuned by {@code settings}. */
  static Map<String, String> entries(
      FlinkSettings settings,
      int rpcPort,
      int restPort,
      Path tmp,
      Path checkpoints,
      Path savepoints) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("jobmanager.memory.process.size", settings.jobManagerMemory());
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.host", "127.0.0.1");
    c.put("taskmanager.memory.process.size", settings.taskManagerMemory());
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(settings.slotsPerTaskManager()));
    // Spread slots over the TaskManagers, so that each one holds tasks of the jobs.
    c.put("taskmanager.load-balance.mode", "SLOTS");
    c.put("parallelism.default", "2");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", Integer.toString(restPort));
    c.put("web.submit.enable", "false");
    c.put("io.tmp.dirs", tmp.toString());
    c.put("execution.checkpointing.dir", checkpoints.toUri().toString());
    c.put("execution.checkpointing.savepoint-dir", savepoints.toUri().toString());
    c.put("heartbeat.interval", settings.heartbeatInterval().toMillis() + " ms");
    c.put("heartbeat.timeout", settings.heartbeatTimeout().toMillis() + " ms");
    // Two shared cores under a load of dozens: give the RPC system time to start and to answer.
    c.put("pekko.startup-timeout", "120 s");
    c.put("pekko.ask.timeout", "30 s");
    c.putAll(settings.extraConfig());
    return c;
  }

  private static String quote(String v) {
    return v.matches("[A-Za-z0-9._:/ -]+") && !v.contains(": ")
        ? v
        : "'" + v.replace("'", "''") + "'";
  }

  /**
   * {@code BashJavaUtils GET_JM_RESOURCE_PARAMS} or {@code GET_TM_RESOURCE_PARAMS} for this
   * configuration: its last two result lines are the JVM flags and the dynamic properties.
   */
  MemoryFlags memoryFlags(String classpath, String command, Path logs) {
    Exec.Result r =
        Exec.run(
            new JavaCommand(classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils")
                .jvm(
                    "-Xmx128m",
                    "-Dlog4j.configurationFile=file:" + log4j(),
                    "-Dlog.file=" + logs.resolve("bash-java-utils.log"))
                .args(command, "--configDir", dir.toString())
                .toList(),
            dir,
            logs.resolve("bash-java-utils.out"),
            Map.of(),
            Duration.ofSeconds(60));
    List<String> results =
        r.output()
            .lines()
            .filter(l -> l.startsWith(RESULT))
            .map(l -> l.substring(RESULT.length()))
            .toList();
    if (!r.ok() || results.size() < 2) {
      throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + r.output());
    }
    int n = results.size();
    return new MemoryFlags(split(results.get(n - 2)), split(results.get(n - 1)));
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static final String LOG4J =
      String.join(
          "\n",
          "monitorInterval = 0",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.file.ref = MainAppender",
          "logger.kafka.name = org.apache.kafka",
          "logger.kafka.level = WARN",
          "logger.pekko.name = org.apache.pekko",
          "logger.pekko.level = WARN",
          "logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3",
          "logger.shaded_zookeeper.level = WARN",
          "appender.main.name = MainAppender",
          "appender.main.type = File",
          "appender.main.append = true",
          "appender.main.fileName = ${sys:log.file}",
          "appender.main.layout.type = PatternLayout",
          "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
          "");
}
