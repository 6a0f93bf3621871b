package dev.croupier.simulator;

import dev.croupier.simulator.event.SimEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;

/**
 * A hand-run measurement (not a test): events per second of the bare generator, one thread, no
 * sink. Usage: {@code java -cp … dev.croupier.simulator.GeneratorThroughput [players] [hours]}.
 */
public final class GeneratorThroughput {
  private GeneratorThroughput() {}

  public static void main(String[] args) {
    int players = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    for (int round = 1; round <= 3; round++) {
      long t0 = System.nanoTime();
      Simulator sim =
          Simulator.builder()
              .players(players)
              .seed(round)
              .fraudRate(0.01)
              .start(Instant.parse("2026-01-01T00:00:00Z"))
              .duration(Duration.ofHours(hours))
              .build();
      long setup = System.nanoTime() - t0;
      Iterator<SimEvent> events = sim.events(label -> {});
      long n = 0;
      long checksum = 0;
      while (events.hasNext()) {
        checksum += events.next().occurredAt();
        n++;
      }
      long nanos = System.nanoTime() - t0;
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "round %d: %,d players, %d h: %,d events in %.2f s (setup %.2f s) = %,.0f events/s;"
              + " heap used %,d MB (checksum %d)%n",
          round,
          players,
          hours,
          n,
          nanos / 1e9,
          setup / 1e9,
          n * 1e9 / nanos,
          (rt.totalMemory() - rt.freeMemory()) >> 20,
          checksum);
    }
  }
}
