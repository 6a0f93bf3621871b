package dev.croupier.simulator.scenario;

import java.util.List;

/**
 * Ground truth for one injected scenario: which rule it must trigger, about which players, and the
 * evidence. An alert of rule {@code ruleId} whose userId is in {@code userIds} is a true positive;
 * {@code relatedUserIds} are other players involved (e.g. the chip-dumping counterparty) that an
 * alert may name but should not be about. Times are epoch milliseconds (event time).
 *
 * @param triggerEventId the event at which the rule's threshold is first crossed
 * @param evidenceEventIds the events that make the case, in event-time order
 */
public record ScenarioLabel(
    String scenarioId,
    String ruleId,
    String variant,
    List<String> userIds,
    List<String> relatedUserIds,
    long firstEventAt,
    long lastEventAt,
    String triggerEventId,
    long triggerAt,
    List<String> evidenceEventIds) {

  public ScenarioLabel {
    userIds = List.copyOf(userIds);
    relatedUserIds = List.copyOf(relatedUserIds);
    evidenceEventIds = List.copyOf(evidenceEventIds);
  }
}
