package dev.croupier.drills.drill;

import dev.croupier.drills.jobs.CroupierJob;
import java.time.Duration;
import java.util.Map;

/**
 * Drill 4: Redis stopped for 60 s while the traffic flows, then started again — with its data
 * ({@code redis-outage}) or empty ({@code redis-empty}, followed by the documented re-seed). The
 * jobs must ride it out (backpressure, bounded retries) and be RUNNING afterwards, and the views
 * must equal the oracle.
 */
public final class RedisOutageDrill implements Drill {
  static final Duration OUTAGE = Duration.ofSeconds(60);

  private final boolean keepData;

  public RedisOutageDrill(boolean keepData) {
    this.keepData = keepData;
  }

  @Override
  public String name() {
    return keepData ? "redis-outage" : "redis-empty";
  }

  @Override
  public String summary() {
    return "Redis stopped for 60 s, restarted "
        + (keepData ? "with its data" : "empty, then re-seeded");
  }

  @Override
  public DrillResult run(DrillContext context) throws Exception {
    String reseedProblem = null;
    DrillResult result;
    try (DrillRun run =
        DrillRun.start(context, name(), context.size().traffic(), context.jar(), 2)) {
      run.awaitSent(0.3);
      Map<CroupierJob, Long> restarts = run.deployment().restarts();
      run.say("Stopping Redis for " + OUTAGE.toSeconds() + " s...");
      run.cluster().redis().stop();
      Thread.sleep(OUTAGE.toMillis());
      long back = System.nanoTime();
      if (keepData) {
        run.cluster().redis().restartWithData();
      } else {
        run.watch().pause();
        run.cluster().redis().startEmpty();
        run.redisLostData();
        run.watch().reset();
        run.say("Redis is back empty: running the documented re-seed...");
        try {
          context.reseed().reseed(run.cluster(), run.deployment());
        } catch (Exception e) {
          reseedProblem = e.getMessage();
          run.say("re-seed failed: " + e.getMessage());
        }
        run.watch().resume();
      }
      run.recover(
          "Redis stopped "
              + OUTAGE.toSeconds()
              + " s, back "
              + (keepData ? "with its data" : "empty"),
          back,
          restarts,
          false);
      result = run.finish();
    }
    return reseedProblem == null
        ? result
        : Results.withProblems(
            result,
            "the documented re-seed after an empty Redis",
            java.util.List.of(reseedProblem));
  }
}
