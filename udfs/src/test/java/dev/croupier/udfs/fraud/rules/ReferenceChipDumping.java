package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.SlidingWindow;
import dev.croupier.udfs.fraud.SlidingWindowRule;
import dev.croupier.udfs.fraud.Sums;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code chip-dumping}: within {@code window} (default 24 h) a player's losses total at least
 * {@code min-total-losses} (default 500.00) and at least {@code min-counterparty-percent} (80) of
 * them went to one counterparty. A loss is a LOSS settlement, worth its stake minus payout; losses
 * in house games count in the total but go to no counterparty. The alert names the counterparty.
 */
/**
 * The rule as it was before its state and step were made compact: the oracle of {@code
 * CompactRulesOracleTest}.
 */
final class ReferenceChipDumping extends SlidingWindowRule<ReferenceChipDumping.Settings> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code chip-dumping}: this function on the player timeline, fed {@link #accepts}. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("chip-dumping"),
          Settings::from,
          ReferenceChipDumping::accepts,
          ReferenceChipDumping::new);

  /**
   * Thresholds; keys {@code min-total-losses} (minor units), {@code min-counterparty-percent},
   * {@code window}.
   */
  public record Settings(
      RuleSettings rule, long minTotalLosses, int minCounterpartyPercent, Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(24)),
          c.longAtLeast("min-total-losses", 50_000, 1),
          c.intBetween("min-counterparty-percent", 80, 1, 100),
          c.duration("window", Duration.ofHours(24)));
    }
  }

  public ReferenceChipDumping(RuleVersions<Settings> rule) {
    super(rule);
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isSettlement() && e.outcome == BetOutcome.LOSS && e.stake > e.payout;
  }

  @Override
  protected long windowMs(Settings s) {
    return s.window().toMillis();
  }

  @Override
  protected void onEvent(
      PlayerEvent loss, SlidingWindow w, List<Settings> versions, ReadOnlyContext ctx, Alerts out) {
    for (Settings v : versions) {
      List<PlayerEvent> in = w.from(loss.occurredAt - v.window().toMillis());
      long total = 0;
      Map<String, Long> byCounterparty = new TreeMap<>();
      for (PlayerEvent e : in) {
        long lost = e.stake - e.payout; // positive: only LOSS settlements with stake > payout
        total = Sums.add(total, lost);
        if (e.counterpartyUserId != null) {
          byCounterparty.merge(e.counterpartyUserId, lost, Sums::add);
        }
      }
      String top = null;
      long topLoss = 0;
      for (Map.Entry<String, Long> c : byCounterparty.entrySet()) {
        if (c.getValue() > topLoss) {
          top = c.getKey();
          topLoss = c.getValue();
        }
      }
      boolean dumping =
          top != null
              && total >= v.minTotalLosses()
              && Sums.productAtLeast(topLoss, 100, total, v.minCounterpartyPercent());
      if (!w.rises(v.rule().version(), dumping)) {
        continue;
      }
      AlertBuilder alert = AlertBuilder.of(v.rule(), loss.userId).related(top);
      for (PlayerEvent e : in) {
        if (top.equals(e.counterpartyUserId)) {
          alert.evidence(e);
        }
      }
      double percent = 100.0 * topLoss / total;
      out.emit(
          v.rule(),
          alert
              .atLeast("totalLosses", total, v.minTotalLosses())
              .atLeast("counterpartyPercent", percent, v.minCounterpartyPercent())
              .attribute("counterpartyUserId", top)
              .attribute("counterpartyLosses", topLoss)
              .attribute("window", v.window())
              .summary(
                  Money.format(topLoss, loss.currency)
                      + " of "
                      + Money.format(total, loss.currency)
                      + " lost within "
                      + v.window().toHours()
                      + " h ("
                      + Math.round(percent)
                      + " %) went to "
                      + top)
              .build());
    }
  }
}
