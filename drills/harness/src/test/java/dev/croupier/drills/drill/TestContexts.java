package dev.croupier.drills.drill;

import dev.croupier.drills.cluster.FlinkSettings;
import dev.croupier.drills.process.Locations;
import dev.croupier.drills.traffic.RecordMutator;
import dev.croupier.drills.traffic.TrafficSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Drill contexts for the harness's own tests: the built jar, the quick size, stdout. */
final class TestContexts {
  /** A few thousand events, every rule a few times: enough to decode, restore and compare. */
  static final TrafficSettings SMALL =
      new TrafficSettings(
          2_000, 7L, 0.5, TrafficSettings.START, Duration.ofMinutes(90), 1_000, 0.001);

  private TestContexts() {}

  static DrillContext quick(Path dir) {
    return new DrillContext(
        dir,
        Locations.jobsJar(),
        DrillSize.QUICK,
        FlinkSettings.defaults(),
        System.out,
        RecordMutator.NONE,
        RedisReseed.NOT_AVAILABLE,
        UpgradeTarget.CHANGED_THRESHOLDS);
  }

  static DrillContext withJar(DrillContext c, Path jar) {
    return new DrillContext(
        c.workDir(), jar, c.size(), c.flink(), c.out(), c.mutator(), c.reseed(), c.upgrade());
  }
}
