package dev.croupier.jobs.fraud.newrule;

import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import dev.croupier.udfs.fraud.rules.FraudRule;
import java.time.Duration;
import java.util.List;

/**
 * An eleventh rule, written as a new rule is: {@code whale-bet}, a single bet of at least {@code
 * min-stake}. Its class is all the code it needs: the registry, the job graph, the operator uids
 * and the live versions from risk.rules take it from {@link #RULE}; the function judges each event
 * with every version that runs.
 */
public final class WhaleBet extends LiveRuleFunction<WhaleBet.Settings> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code whale-bet}: this function on the player timeline, fed its bets. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("whale-bet"), Settings::from, PlayerEvent::isBet, WhaleBet::new);

  /** Thresholds; key {@code min-stake} (minor units). */
  public record Settings(RuleSettings rule, long minStake) implements FraudRule.Settings {
    static Settings from(Thresholds t) {
      return new Settings(
          RuleSettings.from(t, Severity.LOW, Duration.ofHours(1)),
          t.longAtLeast("min-stake", 5_000_000, 1));
    }
  }

  WhaleBet(RuleVersions<Settings> rule) {
    super(rule);
  }

  @Override
  protected void onEvent(
      PlayerEvent bet, List<Settings> versions, ReadOnlyContext ctx, Alerts out) {
    for (Settings v : versions) {
      if (bet.stake >= v.minStake()) {
        out.emit(
            v.rule(),
            AlertBuilder.of(v.rule(), bet.userId)
                .evidence(bet)
                .atLeast("stake", bet.stake, v.minStake())
                .summary("A single stake of " + Money.format(bet.stake, bet.currency))
                .build());
      }
    }
  }
}
