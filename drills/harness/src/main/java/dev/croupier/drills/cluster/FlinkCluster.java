package dev.croupier.drills.cluster;

import dev.croupier.drills.process.ChildProcess;
import dev.croupier.drills.process.Exec;
import dev.croupier.drills.process.JavaCommand;
import dev.croupier.drills.process.Locations;
import dev.croupier.drills.process.Waits;
import dev.croupier.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Flink 2.2 session cluster as separate JVMs, the way Flink's scripts start one but
 * from Flink's own Maven artifacts: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@code TaskManagerRunner}), each {@code --configDir} a generated {@code
 * config.yaml}, memory flags from {@code BashJavaUtils}, JVM options on the command line (these
 * entry points do not apply {@code env.java.opts}). No Croupier class and no Avro option on any of
 * them. Checkpoints and savepoints go to directories under the cluster's own directory.
 */
public final class FlinkCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final String JM_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

  private final Path dir;
  private final FlinkSettings settings;
  private final String classpath;
  private final int rpcPort;
  private final int restPort;
  private final FlinkRest rest;
  private final FlinkCli cli;
  private final List<ChildProcess> taskManagers = new ArrayList<>();
  private List<String> jmJvm;
  private List<String> jmArgs;
  private List<String> tmJvm;
  private List<String> tmArgs;
  private ChildProcess jobManager;
  private int jobManagerStarts;
  private int taskManagerStarts;

  private FlinkCluster(
      Path dir, FlinkSettings settings, String classpath, int rpcPort, int restPort) {
    this.dir = dir;
    this.settings = settings;
    this.classpath = classpath;
    this.rpcPort = rpcPort;
    this.restPort = restPort;
    this.rest = new FlinkRest(URI.create("http://127.0.0.1:" + restPort));
    this.cli = new FlinkCli(classpath, confDir(), dir, settings.extraJvmOptions());
  }

  /** Writes the configuration under {@code dir}, starts the JobManager and the TaskManagers. */
  public static FlinkCluster start(Path dir, FlinkSettings settings) throws InterruptedException {
    int[] ports = LoopbackPorts.free(2);
    FlinkCluster cluster =
        new FlinkCluster(dir, settings, Locations.flinkClasspath(), ports[0], ports[1]);
    try {
      cluster.writeConfiguration();
      cluster.resolveMemoryFlags();
      cluster.startJobManager();
      for (int i = 0; i < settings.taskManagers(); i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(settings.taskManagers());
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      cluster.close();
      throw e;
    }
  }

  public FlinkRest rest() {
    return rest;
  }

  public FlinkCli cli() {
    return cli;
  }

  public URI webUi() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  public Path configDir() {
    return confDir();
  }

  /** Where retained checkpoints go: {@code <dir>/<job id>/chk-<n>}. */
  public Path checkpointsDir() {
    return dir.resolve("checkpoints");
  }

  public Path savepointsDir() {
    return dir.resolve("savepoints");
  }

  public ChildProcess jobManager() {
    return jobManager;
  }

  /** The TaskManager processes alive now, oldest first. */
  public List<ChildProcess> taskManagers() {
    return taskManagers.stream().filter(ChildProcess::isAlive).toList();
  }

  /** Starts one more TaskManager (a replacement, or more slots); returns once it runs. */
  public ChildProcess startTaskManager() {
    taskManagerStarts++;
    String name = "taskmanager-" + taskManagerStarts;
    List<String> jvm = new ArrayList<>(tmJvm);
    jvm.addAll(logOptions(name));
    ChildProcess tm =
        ChildProcess.start(
            name,
            new JavaCommand(classpath, TM_MAIN)
                .jvm(jvm)
                .args("--configDir", confDir().toString())
                .args(tmArgs)
                // The resource id the REST API shows is the process name: tasks map to a pid.
                .args("-D", "taskmanager.resource-id=" + name)
                .toList(),
            dir,
            logs().resolve(name + ".out"),
            Map.of());
    taskManagers.add(tm);
    return tm;
  }

  /** Waits until {@code count} TaskManagers are registered with the JobManager. */
  public void awaitTaskManagers(int count) throws InterruptedException {
    Waits.until(
        count + " TaskManagers registered",
        START_TIMEOUT,
        Duration.ofMillis(500),
        () -> rest.taskManagers().size() >= count,
        () -> "registered: " + safe(() -> rest.taskManagers().size()));
  }

  /** Waits until the TaskManager {@code tm} is registered with the JobManager. */
  public void awaitRegistered(ChildProcess tm) throws InterruptedException {
    Waits.until(
        tm.name() + " registered",
        START_TIMEOUT,
        Duration.ofMillis(250),
        () -> {
          if (!tm.isAlive()) {
            throw new IllegalStateException(tm + " exited:\n" + logTail(tm.name(), 30));
          }
          return rest.taskManagers().stream().anyMatch(t -> t.id().equals(tm.name()));
        });
  }

  /** {@code kill -9} of a TaskManager. */
  public void killTaskManager(ChildProcess tm) {
    tm.kill();
  }

  /** {@code kill -9} of the JobManager: without HA services its jobs are gone with it. */
  public void killJobManager() {
    jobManager.kill();
  }

  /**
   * Starts the JobManager again, on the same ports and configuration; the TaskManagers register
   * with it again.
   */
  public void restartJobManager() throws InterruptedException {
    if (jobManager.isAlive()) {
      throw new IllegalStateException("the JobManager is still running: " + jobManager);
    }
    startJobManager();
  }

  private void startJobManager() throws InterruptedException {
    jobManagerStarts++;
    String name = "jobmanager-" + jobManagerStarts;
    List<String> jvm = new ArrayList<>(jmJvm);
    jvm.addAll(logOptions(name));
    jobManager =
        ChildProcess.start(
            name,
            new JavaCommand(classpath, JM_MAIN)
                .jvm(jvm)
                .args("--configDir", confDir().toString())
                .args(jmArgs)
                .toList(),
            dir,
            logs().resolve(name + ".out"),
            Map.of());
    ChildProcess jm = jobManager;
    Waits.until(
        "the JobManager's REST API answering on " + webUi(),
        START_TIMEOUT,
        Duration.ofMillis(500),
        () -> {
          if (!jm.isAlive()) {
            throw new IllegalStateException(
                "the JobManager exited:\n" + logTail(name, 40) + "\n" + jm.tail(20));
          }
          return rest.answers();
        },
        () -> logTail(name, 30));
  }

  private List<String> logOptions(String name) {
    List<String> options = new ArrayList<>(JavaCommand.FLINK_OPENS);
    options.add("-Dlog.file=" + logs().resolve(name + ".log"));
    options.add("-Dlog4j.configurationFile=file:" + confDir().resolve("log4j.properties"));
    options.addAll(settings.extraJvmOptions());
    return options;
  }

  /** The last lines of a Flink process's log ({@code jobmanager-1}, {@code taskmanager-2}, ...). */
  public String logTail(String processName, int lines) {
    return dev.croupier.drills.process.Logs.tail(logs().resolve(processName + ".log"), lines);
  }

  public Path logs() {
    return dir.resolve("log");
  }

  private Path confDir() {
    return dir.resolve("conf");
  }

  private void writeConfiguration() {
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
    c.put("io.tmp.dirs", dir.resolve("tmp").toString());
    c.put("execution.checkpointing.dir", checkpointsDir().toUri().toString());
    c.put("execution.checkpointing.savepoint-dir", savepointsDir().toUri().toString());
    c.put("heartbeat.interval", settings.heartbeatInterval().toMillis() + " ms");
    c.put("heartbeat.timeout", settings.heartbeatTimeout().toMillis() + " ms");
    c.putAll(settings.extraConfig());
    StringBuilder yaml = new StringBuilder("# Written by the Croupier drills: a stock cluster.\n");
    c.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
    try {
      Files.createDirectories(confDir());
      Files.createDirectories(logs());
      Files.createDirectories(dir.resolve("tmp"));
      Files.createDirectories(checkpointsDir());
      Files.createDirectories(savepointsDir());
      Files.writeString(confDir().resolve("config.yaml"), yaml);
      Files.writeString(confDir().resolve("log4j.properties"), LOG4J);
      Files.writeString(confDir().resolve("log4j-cli.properties"), LOG4J);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Flink configuration under " + dir, e);
    }
  }

  private static String quote(String v) {
    return v.matches("[A-Za-z0-9._:/ -]+") && !v.contains(": ")
        ? v
        : "'" + v.replace("'", "''") + "'";
  }

  private void resolveMemoryFlags() {
    List<String> jm = memoryFlags("GET_JM_RESOURCE_PARAMS");
    List<String> tm = memoryFlags("GET_TM_RESOURCE_PARAMS");
    jmJvm = split(jm.get(0));
    jmArgs = split(jm.get(1));
    tmJvm = split(tm.get(0));
    tmArgs = split(tm.get(1));
    LOG.info("JobManager JVM {} args {}; TaskManager JVM {} args {}", jmJvm, jmArgs, tmJvm, tmArgs);
  }

  /** The two result lines of BashJavaUtils: JVM memory flags, then dynamic properties. */
  private List<String> memoryFlags(String command) {
    Exec.Result r =
        Exec.run(
            new JavaCommand(classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils")
                .jvm(
                    "-Xmx128m",
                    "-Dlog4j.configurationFile=file:" + confDir().resolve("log4j.properties"),
                    "-Dlog.file=" + logs().resolve("bash-java-utils.log"))
                .args(command, "--configDir", confDir().toString())
                .toList(),
            dir,
            logs().resolve("bash-java-utils.out"),
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
    return results.subList(results.size() - 2, results.size());
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static <T> String safe(java.util.concurrent.Callable<T> c) {
    try {
      return String.valueOf(c.call());
    } catch (Exception e) {
      return e.toString();
    }
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

  /** Stops the TaskManagers and the JobManager (TERM, then KILL); never throws. */
  @Override
  public void close() {
    List<ChildProcess> all = new ArrayList<>(taskManagers);
    if (jobManager != null) {
      all.add(jobManager);
    }
    ChildProcess.stopAll(all, Duration.ofSeconds(15));
  }
}
