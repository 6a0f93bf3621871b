package dev.croupier.drills.drill;

import dev.croupier.drills.jobs.JarVariant;
import java.nio.file.Path;
import java.util.Set;

/**
 * The two builds of the upgrade drill: the {@link #baseline} the jobs start on, and the new {@link
 * #build} they move to through savepoints. {@link #CHANGED_THRESHOLDS} makes both from the current
 * jar by editing its bundled fraud rules: the baseline is the build before the card-testing rule
 * existed (it is disabled, so its operators are not in the job graph nor in the savepoint); the new
 * build adds it back and changes the bet-velocity rule to 35 bets instead of 30 (the simulator's
 * scenarios send 40, background players far fewer, so the ground truth holds) with HIGH instead of
 * MEDIUM alerts, which shows in every alert the new build commits.
 */
public interface UpgradeTarget {
  /** The rules file bundled in the job jar. */
  String BUNDLED_RULES = "croupier/fraud-rules.yaml";

  UpgradeTarget CHANGED_THRESHOLDS =
      new UpgradeTarget() {
        private static final String CARD_TESTING_ON =
            "  card-testing:                  # failed deposits on several cards, then one that goes"
                + " through\n    enabled: true\n";

        @Override
        public String describe() {
          return "bet-velocity: 35 bets instead of 30, severity HIGH instead of MEDIUM;"
              + " card-testing added";
        }

        @Override
        public Path baseline(Path currentJar, Path dir) {
          return JarVariant.of(currentJar)
              .editText(
                  BUNDLED_RULES,
                  JarVariant.replace(
                      CARD_TESTING_ON, CARD_TESTING_ON.replace("enabled: true", "enabled: false")))
              .writeTo(dir.resolve("croupier-jobs-baseline-flink.jar"));
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

        @Override
        public Set<String> addedRules() {
          return Set.of("card-testing");
        }
      };

  String describe();

  /** Writes the build the jobs start on under {@code dir}; by default the current jar itself. */
  default Path baseline(Path currentJar, Path dir) {
    return currentJar;
  }

  /** Writes the new build under {@code dir}, made from {@code currentJar}; returns its path. */
  Path build(Path currentJar, Path dir);

  /** The rule whose change shows in the alerts committed after the upgrade. */
  String changedRule();

  String severityBefore();

  String severityAfter();

  /** Rules only the new build has: their alerts must all come after the upgrade. */
  default Set<String> addedRules() {
    return Set.of();
  }
}
