package dev.croupier.drills.drill;

import dev.croupier.drills.jobs.JarVariant;
import java.nio.file.Path;
import java.util.Set;

/**
 * The build the upgrade drill moves to from a savepoint of the current one. {@link
 * #CHANGED_THRESHOLDS} is the current jar with other defaults in its bundled fraud rules: the
 * bet-velocity rule needs 35 bets instead of 30 (the simulator's scenarios send 40, background
 * players far fewer, so the ground truth holds) and raises HIGH instead of MEDIUM alerts, which
 * shows in every alert the new build commits.
 *
 * <p>Hook for a build that adds a rule (the rule registry of later work): return its id from {@link
 * #addedRules()}, and the drill expects the simulator's scenarios of that rule to be detected only
 * by the new build.
 */
public interface UpgradeTarget {
  /** The rules file bundled in the job jar. */
  String BUNDLED_RULES = "croupier/fraud-rules.yaml";

  UpgradeTarget CHANGED_THRESHOLDS =
      new UpgradeTarget() {
        @Override
        public String describe() {
          return "bet-velocity: 35 bets instead of 30, severity HIGH instead of MEDIUM";
        }

        @Override
        public Path build(Path currentJar, Path dir) {
          return JarVariant.of(currentJar)
              .editText(
                  BUNDLED_RULES,
                  JarVariant.replace(
                      "    severity: MEDIUM\n    cool-down: 1h\n    min-bets: 30 ",
                      "    severity: HIGH\n    cool-down: 1h\n    min-bets: 35 "))
              .writeTo(dir.resolve("croupier-jobs-upgraded-flink.jar"));
        }

        @Override
        public String changedRule() {
          return "bet-velocity";
        }

        @Override
        public String severityBefore() {
          return "MEDIUM";
        }

        @Override
        public String severityAfter() {
          return "HIGH";
        }
      };

  String describe();

  /** Writes the new build under {@code dir}, made from {@code currentJar}; returns its path. */
  Path build(Path currentJar, Path dir);

  /** The rule whose change shows in the alerts committed after the upgrade. */
  String changedRule();

  String severityBefore();

  String severityAfter();

  /** Rules the new build adds (none yet). */
  default Set<String> addedRules() {
    return Set.of();
  }
}
