package dev.croupier.drills.drill;

import dev.croupier.drills.jobs.CroupierJob;
import java.time.Duration;
import java.util.Map;

/**
 * Drill 5: {@code kill -9} of the Kafka broker while the traffic flows, restarted on its data after
 * {@link #DOWN}: sources, exactly-once sinks and the traffic's own producer ride through.
 */
public final class KafkaKillDrill implements Drill {
  static final Duration DOWN = Duration.ofSeconds(15);

  @Override
  public String name() {
    return "kafka-kill";
  }

  @Override
  public String summary() {
    return "kill -9 the Kafka broker, restart it on its data";
  }

  @Override
  public DrillResult run(DrillContext context) throws Exception {
    try (DrillRun run =
        DrillRun.start(context, name(), context.size().traffic(), context.jar(), 2)) {
      run.awaitSent(0.4);
      run.awaitLateInCheckpointInterval();
      Map<CroupierJob, Long> restarts = run.deployment().restarts();
      long t0 = System.nanoTime();
      run.cluster().kafka().kill();
      run.say("kill -9 the broker; restarting it in " + DOWN.toSeconds() + " s");
      Thread.sleep(DOWN.toMillis());
      run.cluster().kafka().restart();
      run.recover(
          "kill -9 the Kafka broker, back after " + DOWN.toSeconds() + " s", t0, restarts, false);
      return run.finish();
    }
  }
}
