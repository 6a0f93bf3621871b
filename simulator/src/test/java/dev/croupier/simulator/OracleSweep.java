package dev.croupier.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A hand-run check (not a test): the rule oracle over larger and longer runs than the suite can
 * afford. Usage: {@code java -cp … dev.croupier.simulator.OracleSweep players hours seed
 * fraudRate}.
 */
public final class OracleSweep {
  private OracleSweep() {}

  public static void main(String[] args) throws Exception {
    int players = Integer.parseInt(args[0]);
    int hours = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    double fraudRate = Double.parseDouble(args[3]);
    Path truth = Files.createTempFile("truth", ".jsonl");
    GroundTruthCheck run =
        new GroundTruthCheck(
            Simulator.builder()
                .players(players)
                .seed(seed)
                .fraudRate(fraudRate)
                .start(Instant.parse("2026-01-05T06:00:00Z"))
                .duration(Duration.ofHours(hours))
                .build(),
            truth);
    System.out.printf(
        "%,d players, %d h, seed %d: %,d events, %d labels, %d findings%n",
        players, hours, seed, run.stats.events(), run.labels.size(), run.findings.size());
    System.out.println("scenarios per rule: " + run.stats.scenariosPerRule());
    System.out.println("labels not confirmed at trigger: " + run.labelsNotConfirmedAtTrigger());
    System.out.println("unexplained findings: " + run.unexplainedFindings());
    Files.delete(truth);
  }
}
