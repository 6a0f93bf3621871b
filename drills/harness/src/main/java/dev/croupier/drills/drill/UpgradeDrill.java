package dev.croupier.drills.drill;

import dev.croupier.drills.jobs.CroupierJob;
import dev.croupier.drills.traffic.TrafficSettings;
import dev.croupier.drills.verify.CommittedOutputs;
import dev.croupier.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drill 3: the documented upgrade procedure, as written in docs/RELIABILITY.md: {@code flink stop
 * --savepointPath} of each job, then {@code flink run -s <savepoint>} of the new build with the
 * same arguments. The new build ({@link UpgradeTarget}) has other thresholds; its state restores
 * (stable uids), the outputs still equal the oracles, and every alert of the changed rule committed
 * after the upgrade carries the new severity (those before it, the old one).
 */
public final class UpgradeDrill implements Drill {
  @Override
  public String name() {
    return "upgrade";
  }

  @Override
  public String summary() {
    return "savepoint of one build restored into a build with changed thresholds";
  }

  @Override
  public DrillResult run(DrillContext context) throws Exception {
    UpgradeTarget target = context.upgrade();
    List<String> problems = new ArrayList<>();
    long before = 0;
    long after = 0;
    DrillResult result;
    // A quarter of the usual rate: the flink CLI can take a minute to stop three jobs on a loaded
    // machine, and the new build must still see a good part of the traffic.
    TrafficSettings traffic = context.size().traffic();
    traffic = traffic.withRate(traffic.eventsPerSecond() / 4);
    try (DrillRun run = DrillRun.start(context, name(), traffic, context.jar(), 2)) {
      Path newBuild = target.build(context.jar(), run.dir());
      run.awaitSent(0.25);
      long t0 = System.nanoTime();
      Map<CroupierJob, String> savepoints = run.deployment().stopAllWithSavepoint();
      String bootstrap = run.cluster().kafka().bootstrapServers();
      Map<Integer, Long> upgradedAt =
          CommittedOutputs.committedEnd(bootstrap, Topics.ALERTS.name());
      run.deployment().useJar(newBuild).submitAll(savepoints);
      long running = System.nanoTime();
      run.deployment().awaitCheckpoints(1, Duration.ofMinutes(5));
      run.recordFault(
          new FaultRecord(
              "upgrade from savepoints to a new build (" + target.describe() + ")",
              Duration.ofNanos(running - t0),
              Duration.ofNanos(System.nanoTime() - t0)));
      result = run.finish();
      for (CommittedOutputs.PositionedAlert a :
          CommittedOutputs.positionedAlerts(bootstrap, run.cluster().registryUrl())) {
        if (!a.alert().getRuleId().equals(target.changedRule())) {
          continue;
        }
        boolean afterUpgrade = a.offset() >= upgradedAt.getOrDefault(a.partition(), 0L);
        String want = afterUpgrade ? target.severityAfter() : target.severityBefore();
        if (afterUpgrade) {
          after++;
        } else {
          before++;
        }
        if (!a.alert().getSeverity().name().equals(want)) {
          problems.add(
              a.alert().getAlertId()
                  + (afterUpgrade ? " after" : " before")
                  + " the upgrade has severity "
                  + a.alert().getSeverity()
                  + ", not "
                  + want);
        }
      }
      if (after == 0) {
        problems.add(
            "no " + target.changedRule() + " alert after the upgrade shows the new build at work");
      }
    }
    result =
        Results.withFigures(
            result,
            Map.of(
                target.changedRule() + " alerts before/after the upgrade", before + "/" + after));
    return Results.withProblems(
        result, "the new build's thresholds in effect after the upgrade", problems);
  }
}
