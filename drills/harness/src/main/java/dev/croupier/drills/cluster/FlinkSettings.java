package dev.croupier.drills.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the standalone Flink cluster is sized and tuned: TaskManager slots and memory, heartbeats
 * (how fast a dead TaskManager is noticed), extra {@code config.yaml} entries and extra JVM options
 * for every Flink process (none by default: the jar must run on a stock cluster).
 */
public record FlinkSettings(
    int taskManagers,
    int slotsPerTaskManager,
    String taskManagerMemory,
    String jobManagerMemory,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    Map<String, String> extraConfig,
    List<String> extraJvmOptions) {

  public FlinkSettings {
    extraConfig = Map.copyOf(extraConfig);
    extraJvmOptions = List.copyOf(extraJvmOptions);
  }

  /**
   * Two TaskManagers of six slots: three jobs at parallelism 4 fit (12 slots), and at parallelism 2
   * each TaskManager holds tasks. A dead TaskManager is noticed after two failed heartbeat RPCs
   * (about 2 × 3 s); a live but silent one after 30 s.
   */
  public static FlinkSettings defaults() {
    return new FlinkSettings(
        2, 6, "2g", "1g", Duration.ofSeconds(3), Duration.ofSeconds(30), Map.of(), List.of());
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
        options);
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
        extraJvmOptions);
  }
}
