package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.SlidingWindow;
import dev.croupier.udfs.fraud.SlidingWindowFunction;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.util.Collector;

/**
 * {@code chip-dumping}: within {@code window} (default 24 h) a player's losses total at least
 * {@code min-total-losses} (default 500.00) and at least {@code min-counterparty-percent} (80) of
 * them went to one counterparty. A loss is a LOSS settlement, worth its stake minus payout; losses
 * in house games count in the total but go to no counterparty. The alert names the counterparty.
 */
public final class ChipDumping extends SlidingWindowFunction<FraudAlert> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code chip-dumping}: this function on the player timeline, fed {@link #accepts}. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("chip-dumping"), Settings::from, ChipDumping::accepts, ChipDumping::new);

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

  private final Settings settings;

  public ChipDumping(Settings settings) {
    super(settings.window());
    this.settings = settings;
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isSettlement() && e.outcome == BetOutcome.LOSS && e.stake > e.payout;
  }

  @Override
  protected void onEvent(
      PlayerEvent loss, SlidingWindow w, Context ctx, Collector<FraudAlert> out) {
    long total = w.stakeSum - w.payoutSum;
    Map<String, Long> byCounterparty = new TreeMap<>();
    for (PlayerEvent e : w.events) {
      if (e.counterpartyUserId != null) {
        byCounterparty.merge(e.counterpartyUserId, e.stake - e.payout, Long::sum);
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
            && total >= settings.minTotalLosses()
            && topLoss * 100 >= (long) settings.minCounterpartyPercent() * total;
    if (!w.rises(dumping)) {
      return;
    }
    AlertBuilder alert = AlertBuilder.of(settings.rule(), loss.userId).related(top);
    for (PlayerEvent e : w.events) {
      if (top.equals(e.counterpartyUserId)) {
        alert.evidence(e);
      }
    }
    double percent = 100.0 * topLoss / total;
    out.collect(
        alert
            .atLeast("totalLosses", total, settings.minTotalLosses())
            .atLeast("counterpartyPercent", percent, settings.minCounterpartyPercent())
            .attribute("counterpartyUserId", top)
            .attribute("counterpartyLosses", topLoss)
            .attribute("window", settings.window())
            .summary(
                Money.format(topLoss, loss.currency)
                    + " of "
                    + Money.format(total, loss.currency)
                    + " lost within "
                    + settings.window().toHours()
                    + " h ("
                    + Math.round(percent)
                    + " %) went to "
                    + top)
            .build());
  }
}
