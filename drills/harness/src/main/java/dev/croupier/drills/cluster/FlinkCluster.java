package dev.croupier.drills.cluster;

import dev.croupier.drills.process.ChildProcess;
import dev.croupier.drills.process.JavaCommand;
import dev.croupier.drills.process.Locations;
import dev.croupier.drills.process.Waits;
import dev.croupier.testkit.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
  private static final int START_ATTEMPTS = 3;
  private static final String JM_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private final Path dir;
  private final FlinkConfDir conf;
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
    this.conf = new FlinkConfDir(dir.resolve("conf"));
    this.settings = settings;
    // Jars of the settings' lib/ come last, as a stock cluster's lib/ jars follow Flink's own.
    this.classpath =
        Stream.concat(
                Stream.of(classpath),
                settings.extraLibs().stream().map(p -> p.toAbsolutePath().toString()))
            .collect(Collectors.joining(File.pathSeparator));
    this.rpcPort = rpcPort;
    this.restPort = restPort;
    this.rest = new FlinkRest(URI.create("http://127.0.0.1:" + restPort));
    this.cli =
        new FlinkCli(classpath, conf.path(), conf.log4jCli(), dir, settings.extraJvmOptions());
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
        cluster.startRegisteredTaskManager();
      }
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

  /**
   * Starts a TaskManager and waits until it registered; a start that fails on an overloaded machine
   * is tried again.
   */
  public ChildProcess startRegisteredTaskManager() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      ChildProcess tm = startTaskManager();
      try {
        awaitRegistered(tm);
        return tm;
      } catch (Waits.Hopeless | Waits.TimeoutWaiting e) {
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "{} did not start (attempt {}), trying again: {}", tm.name(), attempt, e.getMessage());
        tm.stop(Duration.ofSeconds(10));
      }
    }
  }

  /**
   * Waits until {@code count} TaskManagers are registered with the JobManager and have reported
   * their slots.
   */
  public void awaitTaskManagers(int count) throws InterruptedException {
    Waits.until(
        count + " TaskManagers registered",
        START_TIMEOUT,
        Duration.ofMillis(500),
        () -> rest.taskManagers().stream().filter(t -> t.slots() > 0).count() >= count,
        () -> "registered: " + safe(() -> rest.taskManagers()));
  }

  /**
   * Waits until the TaskManager {@code tm} is registered with the JobManager and has reported its
   * slots. Registration and the first slot report are two messages: in between the REST API lists
   * the TaskManager with 0 slots.
   */
  public void awaitRegistered(ChildProcess tm) throws InterruptedException {
    Waits.until(
        tm.name() + " registered",
        START_TIMEOUT,
        Duration.ofMillis(250),
        () -> {
          if (!tm.isAlive()) {
            throw new Waits.Hopeless(tm + " exited:\n" + logTail(tm.name(), 30));
          }
          return rest.taskManagers().stream()
              .anyMatch(t -> t.id().equals(tm.name()) && t.slots() > 0);
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

  /** Starts a JobManager; a start that fails on an overloaded machine is tried again. */
  private void startJobManager() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        launchJobManager();
        return;
      } catch (Waits.Hopeless | Waits.TimeoutWaiting e) {
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "The JobManager did not start (attempt {}), trying again: {}", attempt, e.getMessage());
        jobManager.stop(Duration.ofSeconds(10));
      }
    }
  }

  private void launchJobManager() throws InterruptedException {
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
            throw new Waits.Hopeless(
                "the JobManager exited:\n" + logTail(name, 40) + "\n" + jm.tail(20));
          }
          return rest.answers();
        },
        () -> logTail(name, 30));
  }

  private List<String> logOptions(String name) {
    List<String> options = new ArrayList<>(JavaCommand.FLINK_OPENS);
    options.add("-Dlog.file=" + logs().resolve(name + ".log"));
    options.add("-Dlog4j.configurationFile=file:" + conf.log4j());
    // Each stop-the-world pause with its wall-clock time: a pause stops every task of the process.
    options.add("-Xlog:gc:file=" + gcLog(name) + ":time");
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

  /**
   * The GC log of a Flink process ({@code taskmanager-2}, ...): one line per pause, stamped with
   * the wall-clock time ({@code -Xlog:gc:...:time}).
   */
  public Path gcLog(String processName) {
    return logs().resolve(processName + "-gc.log");
  }

  private Path confDir() {
    return conf.path();
  }

  private void writeConfiguration() {
    try {
      Files.createDirectories(logs());
      Files.createDirectories(dir.resolve("tmp"));
      Files.createDirectories(checkpointsDir());
      Files.createDirectories(savepointsDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Flink directories under " + dir, e);
    }
    conf.write(
        FlinkConfDir.entries(
            settings, rpcPort, restPort, dir.resolve("tmp"), checkpointsDir(), savepointsDir()));
  }

  private void resolveMemoryFlags() {
    FlinkConfDir.MemoryFlags jm = conf.memoryFlags(classpath, "GET_JM_RESOURCE_PARAMS", logs());
    FlinkConfDir.MemoryFlags tm = conf.memoryFlags(classpath, "GET_TM_RESOURCE_PARAMS", logs());
    jmJvm = jm.jvm();
    jmArgs = jm.args();
    tmJvm = tm.jvm();
    tmArgs = tm.args();
    LOG.info("JobManager JVM {} args {}; TaskManager JVM {} args {}", jmJvm, jmArgs, tmJvm, tmArgs);
  }

  private static <T> String safe(java.util.concurrent.Callable<T> c) {
    try {
      return String.valueOf(c.call());
    } catch (Exception e) {
      return e.toString();
    }
  }

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
