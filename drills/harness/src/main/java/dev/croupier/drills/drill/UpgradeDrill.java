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
import java.util.TreeMap;

/**
 * Drill 3: the documented upgrade procedure, as written in docs/RELIABILITY.md: {@code flink stop
 * --savepointPath} of each job, then {@code flink run -s <savepoint>} of the new build with the
 * same arguments. The jobs start on the target's baseline build; the new build ({@link
 * UpgradeTarget}) has other thresholds and a rule more. Its state restores (stable uids; the added
 * rule's operators start empty, no {@code --allowNonRestoredState} needed), the outputs still equal
 * the oracles, every alert of the changed rule committed after the upgrade carries the new severity
 * (those before it, the old one), the added rule alerts only after the upgrade, and its scenarios
 * that begin after the upgrade are all detected.
 */
public final class UpgradeDrill implements Drill {
  @Override
  public String name() {
    return "upgrade";
  }

  @Override
  public String summary() {
    return "savepoint of one build restored into a build with changed thresholds and an added rule";
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
    Path baseline = target.baseline(context.jar(), context.workDir().resolve(name()));
    Map<String, Integer> addedBefore = new TreeMap<>();
    Map<String, Integer> addedAfter = new TreeMap<>();
    try (DrillRun run = DrillRun.start(context, name(), traffic, baseline, 2)) {
      Path newBuild = target.build(context.jar(), run.dir());
      run.awaitSent(0.25);
      long t0 = System.nanoTime();
      Map<CroupierJob, String> savepoints = run.deployment().stopAllWithSavepoint();
      // Events up to here may have reached the old build only: a scenario of an added rule that
      // began by now may be missed; one that begins later must be detected by the new build.
      long newBuildFrom = run.lastEventSentAt();
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
      result =
          run.finish(
              label ->
                  target.addedRules().contains(label.ruleId())
                      && label.firstEventAt() <= newBuildFrom);
      for (CommittedOutputs.PositionedAlert a :
          CommittedOutputs.positionedAlerts(bootstrap, run.cluster().registryUrl())) {
        boolean afterUpgrade = a.offset() >= upgradedAt.getOrDefault(a.partition(), 0L);
        String rule = a.alert().getRuleId();
        if (target.addedRules().contains(rule)) {
          (afterUpgrade ? addedAfter : addedBefore).merge(rule, 1, Integer::sum);
          if (!afterUpgrade) {
            problems.add(a.alert().getAlertId() + " of " + rule + " before the build that adds it");
          }
        }
        if (!rule.equals(target.changedRule())) {
          continue;
        }
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
      for (String rule : target.addedRules()) {
        if (!addedAfter.containsKey(rule)) {
          problems.add("no " + rule + " alert after the upgrade: the added rule never ran");
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
                target.changedRule() + " alerts before/after the upgrade",
                before + "/" + after,
                "added rule alerts before/after the upgrade",
                addedBefore + "/" + addedAfter));
    return Results.withProblems(
        result, "the new build's thresholds in effect after the upgrade", problems);
  }
}
