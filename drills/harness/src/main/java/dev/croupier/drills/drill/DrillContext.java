package dev.croupier.drills.drill;

import dev.croupier.drills.cluster.FlinkSettings;
import dev.croupier.drills.traffic.RecordMutator;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every drill gets: a work directory of its own, the job jar to deploy, the size, the Flink
 * cluster's settings, where to say what happens, and the hooks later work plugs in (the fuzzer's
 * record mutator, the Redis re-seed command, the upgrade's added rule).
 */
public record DrillContext(
    Path workDir,
    Path jar,
    DrillSize size,
    FlinkSettings flink,
    PrintStream out,
    RecordMutator mutator,
    RedisReseed reseed,
    UpgradeTarget upgrade) {

  /** Says what the drill does, on the console. */
  public void say(String drill, String message) {
    out.printf("[%s] %s%n", drill, message);
    out.flush();
  }
}
