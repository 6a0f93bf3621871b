package dev.croupier.platform;

import dev.croupier.simulator.SimulationStats;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alerts on organic players: players no scenario names (neither as its player nor as a related
 * one), per rule, and as a rate per 1,000 organic players per day of event time. The organic
 * players are the simulator's background population less the few a scenario borrowed.
 *
 * @param perRule organic alerts per rule id
 */
public record OrganicRate(Map<String, Long> perRule, int players, double days) {

  /** The organic alerts among {@code alerts} of a run of {@code population} background players. */
  public static OrganicRate of(
      List<ScenarioLabel> labels,
      List<DetectionScore.Alert> alerts,
      int population,
      SimulationStats sim) {
    Set<String> labelled = new HashSet<>();
    for (ScenarioLabel l : labels) {
      labelled.addAll(l.userIds());
      labelled.addAll(l.relatedUserIds());
    }
    int borrowed = 0;
    for (String u : labelled) {
      if (isBackground(u, population)) {
        borrowed++;
      }
    }
    Map<String, Long> perRule = new TreeMap<>();
    for (DetectionScore.Alert a : alerts) {
      if (!labelled.contains(a.userId())) {
        perRule.merge(a.ruleId(), 1L, Long::sum);
      }
    }
    long span = sim.lastEventAt() - sim.firstEventAt();
    double days = sim.firstEventAt() < 0 || span <= 0 ? 0 : span / 86_400_000.0;
    return new OrganicRate(perRule, population - borrowed, days);
  }

  /** Background players are u0 .. u(population-1) (the simulator's Population.userId). */
  private static boolean isBackground(String userId, int population) {
    if (userId.length() < 2 || userId.charAt(0) != 'u') {
      return false;
    }
    try {
      int index = Integer.parseInt(userId.substring(1));
      return index >= 0 && index < population;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Organic alerts of {@code ruleId}. */
  public long alerts(String ruleId) {
    return perRule.getOrDefault(ruleId, 0L);
  }

  /** Organic alerts of all rules. */
  public long total() {
    return perRule.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Alerts of {@code ruleId} (null: all rules) per 1,000 organic players per day; NaN if none. */
  public double perThousandPlayersPerDay(String ruleId) {
    if (players <= 0 || days <= 0) {
      return Double.NaN;
    }
    long n = ruleId == null ? total() : alerts(ruleId);
    return n * 1000.0 / players / days;
  }
}
