package dev.croupier.drills.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the standalone Flink cluster is sized and tuned: TaskManager slots and memory, heartbeats
 * (how fast a dead TaskManager is noticed), extra {@code config.yaml} entries, extra JVM options
 * and extra jars on the classpath of every Flink process, as jars in a stock cluster's {@code lib/}
 * (none by default: the jar must run on a stock cluster).
 */
public record FlinkSettings(
    int taskManagers,
    int slotsPerTaskManager,
    String taskManagerMemory,
    String jobManagerMemory,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    Map<String, String> extraConfig,
    List<String> extraJvmOptions,
    List<Path> extraLibs) {

  public FlinkSettings {
    extraConfig = Map.copyOf(extraConfig);
    extraJvmOptions = List.copyOf(extraJvmOptions);
    extraLibs = List.copyOf(extraLibs);
  }

  /**
   * Two TaskManagers of six slots: three jobs at parallelism 4 fit (12 slots), and at parallelism 2
   * each TaskManager holds tasks. A dead TaskManager is noticed after two failed heartbeat RPCs
   * (about 2 × 3 s); a live but silent one after 30 s.
   */
  public static FlinkSettings defaults() {
    return new FlinkSettings(
        2,
        6,
        "2g",
        "1g",
        Duration.ofSeconds(3),
        Duration.ofSeconds(30),
        Map.of(),
        List.of(),
        List.of());
  }

  public FlinkSettings withExtraJvmOptions(List<String> options) {
    return new FlinkSettings(
        taskManagers,
        slotsPerTaskManager,
        taskManagerMemory,
        jobManagerMemory,
        heartbeatInterval,
        heartbeatTimeout,
        extraConfig,
        options,
        extraLibs);
  }

  public FlinkSettings withTaskManagers(int count, int slots) {
    return new FlinkSettings(
        count,
        slots,
        taskManagerMemory,
        jobManagerMemory,
        heartbeatInterval,
        heartbeatTimeout,
        extraConfig,
        extraJvmOptions,
        extraLibs);
  }
}
