package dev.croupier.udfs.fraud.rules;

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
import org.apache.flink.util.Collector;

/**
 * {@code payout-anomaly}: over at least {@code min-settled-bets} settled bets within {@code window}
 * (default 50 within 1 h), the payouts are at least {@code min-payout-multiple} times the stakes
 * (default 5). Every settlement outcome counts. Alerts when the condition starts to hold.
 */
public final class PayoutAnomaly extends SlidingWindowFunction<FraudAlert> {
  private static final long serialVersionUID = 1L;

  /**
   * The rule {@code payout-anomaly}: this function on the player timeline, fed {@link #accepts}.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("payout-anomaly"), Settings::from, PayoutAnomaly::accepts, PayoutAnomaly::new);

  /** Thresholds; keys {@code min-settled-bets}, {@code min-payout-multiple}, {@code window}. */
  public record Settings(
      RuleSettings rule, int minSettledBets, int minPayoutMultiple, Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(1)),
          c.intBetween("min-settled-bets", 50, 1, SlidingWindowFunction.MAX_EVENTS),
          c.intBetween("min-payout-multiple", 5, 1, 1_000_000),
          c.duration("window", Duration.ofHours(1)));
    }
  }

  private final Settings settings;

  public PayoutAnomaly(Settings settings) {
    super(settings.window());
    this.settings = settings;
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isSettlement();
  }

  @Override
  protected void onEvent(PlayerEvent s, SlidingWindow w, Context ctx, Collector<FraudAlert> out) {
    boolean anomalous =
        w.size() >= settings.minSettledBets()
            && w.payoutSum > 0
            && w.payoutSum >= (long) settings.minPayoutMultiple() * w.stakeSum;
    if (!w.rises(anomalous)) {
      return;
    }
    AlertBuilder alert = AlertBuilder.of(settings.rule(), s.userId);
    for (PlayerEvent e : w.events) {
      alert.evidence(e);
    }
    double multiple =
        w.stakeSum == 0 ? Double.POSITIVE_INFINITY : (double) w.payoutSum / w.stakeSum;
    out.collect(
        alert
            .atLeast("settledBets", w.size(), settings.minSettledBets())
            .atLeast(
                "payoutMultiple",
                w.stakeSum == 0 ? 2.0 * settings.minPayoutMultiple() : multiple,
                settings.minPayoutMultiple())
            .attribute("payouts", w.payoutSum)
            .attribute("stakes", w.stakeSum)
            .attribute("window", settings.window())
            .summary(
                w.size()
                    + " settled bets paid "
                    + Money.format(w.payoutSum, s.currency)
                    + " on "
                    + Money.format(w.stakeSum, s.currency)
                    + " staked within "
                    + settings.window().toMinutes()
                    + " min (threshold: "
                    + settings.minPayoutMultiple()
                    + "x over "
                    + settings.minSettledBets()
                    + " bets)")
            .build());
  }
}
