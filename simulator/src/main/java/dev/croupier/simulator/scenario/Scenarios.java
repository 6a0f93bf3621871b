package dev.croupier.simulator.scenario;

import dev.croupier.schemas.fraud.RuleId;
import java.util.List;
import java.util.stream.Collectors;

/** The scenarios of the default rules, one per rule, in the order of the rules file. */
public final class Scenarios {
  /** Every default scenario. */
  public static final List<Scenario> DEFAULTS =
      List.of(
          new RapidCashout(),
          new BetVelocity(),
          new AccountTakeover(),
          new MultiAccounting(),
          new CardTesting(),
          new BonusAbuse(),
          new StakeAnomaly(),
          new ImpossibleTravel(),
          new PayoutAnomaly(),
          new ChipDumping());

  private Scenarios() {}

  /** The rules the default scenarios are for. */
  public static List<RuleId> rules() {
    return DEFAULTS.stream().map(Scenario::rule).toList();
  }

  /** The default scenarios of {@code ids}, in that order; fails naming the known rules. */
  public static List<Scenario> of(List<String> ids) {
    return ids.stream().map(Scenarios::of).toList();
  }

  private static Scenario of(String id) {
    for (Scenario s : DEFAULTS) {
      if (s.rule().id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown rule '"
            + id
            + "', expected one of "
            + rules().stream().map(RuleId::id).collect(Collectors.joining(", ")));
  }
}
