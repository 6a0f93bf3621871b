package dev.croupier.simulator;

import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.event.BadRecordKind;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Live counters of a run, written by the simulating thread and read by any other (a console view):
 * {@link #snapshot} is consistent per counter, not across counters.
 */
final class RunCounters {
  private final AtomicLongArray perTopic = new AtomicLongArray(Topics.INPUTS.size());
  private final List<RuleId> rules;
  private final AtomicLongArray perRule;
  private final AtomicLongArray perBadKind = new AtomicLongArray(BadRecordKind.values().length);
  private volatile long firstEventAt = -1;
  private volatile long lastEventAt = -1;
  private volatile long sessions;
  private volatile long scenariosDropped;
  private final long wallStart = System.nanoTime();
  private volatile long wallEnd = -1;

  /** Counters of a run injecting scenarios of {@code rules}. */
  RunCounters(List<RuleId> rules) {
    this.rules = List.copyOf(rules);
    this.perRule = new AtomicLongArray(rules.size());
  }

  void sent(SimEvent e) {
    perTopic.incrementAndGet(Topics.INPUTS.indexOf(e.topic()));
    if (e.bad() != null) {
      perBadKind.incrementAndGet(e.bad().ordinal());
    }
    if (firstEventAt < 0) {
      firstEventAt = e.occurredAt();
    }
    lastEventAt = e.occurredAt();
  }

  void labelled(ScenarioLabel label) {
    int rule = rules.indexOf(RuleId.of(label.ruleId()));
    if (rule >= 0) {
      perRule.incrementAndGet(rule);
    }
  }

  void progress(long sessions, long scenariosDropped) {
    this.sessions = sessions;
    this.scenariosDropped = scenariosDropped;
  }

  void finished() {
    wallEnd = System.nanoTime();
  }

  SimulationStats snapshot() {
    Map<String, Long> topics = new LinkedHashMap<>();
    long events = 0;
    for (int i = 0; i < Topics.INPUTS.size(); i++) {
      long n = perTopic.get(i);
      topics.put(Topics.INPUTS.get(i).name(), n);
      events += n;
    }
    Map<String, Long> rules = new LinkedHashMap<>();
    for (int i = 0; i < this.rules.size(); i++) {
      rules.put(this.rules.get(i).id(), perRule.get(i));
    }
    Map<String, Long> bad = new LinkedHashMap<>();
    for (BadRecordKind k : BadRecordKind.values()) {
      bad.put(k.label(), perBadKind.get(k.ordinal()));
    }
    long end = wallEnd < 0 ? System.nanoTime() : wallEnd;
    return new SimulationStats(
        events,
        topics,
        rules,
        bad,
        sessions,
        scenariosDropped,
        firstEventAt,
        lastEventAt,
        Duration.ofNanos(end - wallStart));
  }
}
