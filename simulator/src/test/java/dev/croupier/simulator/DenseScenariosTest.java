package dev.croupier.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios crowded together (half of all sessions start one) in a short run, as the local
 * platform's end-to-end run has them: still each crosses only its own rule, at its trigger.
 */
class DenseScenariosTest {
  private static final Instant JUST_BEFORE_MIDNIGHT = Instant.parse("2026-04-30T23:20:00Z");

  @Test
  void shouldKeepCrowdedScenariosApartAcrossAWindowBoundary(@TempDir Path dir) {
    GroundTruthCheck run =
        new GroundTruthCheck(
            Simulator.builder()
                .players(2_000)
                .seed(99)
                .fraudRate(0.5)
                .start(JUST_BEFORE_MIDNIGHT)
                .duration(Duration.ofMinutes(90))
                .build(),
            dir.resolve("truth.jsonl"));

    assertThat(run.stats.scenariosPerRule().values()).allMatch(n -> n >= 3);
    assertThat(run.labelsNotConfirmedAtTrigger()).isEmpty();
    assertThat(run.unexplainedFindings()).isEmpty();
  }
}
