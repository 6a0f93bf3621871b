package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.CompactWindowRule;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.SettlementWindow;
import dev.croupier.udfs.fraud.SettlementWindowTypeInfo;
import dev.croupier.udfs.fraud.SlidingWindowRule;
import dev.croupier.udfs.fraud.Sums;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code payout-anomaly}: over at least {@code min-settled-bets} settled bets within {@code window}
 * (default 50 within 1 h), the payouts are at least {@code min-payout-multiple} times the stakes
 * (default 5), leaving out the {@code excluded-top-wins} biggest payouts (default 1): one jackpot
 * on a high-variance game is luck, an exploit pays again and again. Every settlement outcome
 * counts. Alerts when the condition starts to hold.
 */
public final class PayoutAnomaly
    extends CompactWindowRule<PayoutAnomaly.Settings, SettlementWindow> {
  private static final long serialVersionUID = 1L;

  /**
   * The rule {@code payout-anomaly}: this function on the player timeline, fed {@link #accepts}.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("payout-anomaly"), Settings::from, PayoutAnomaly::accepts, PayoutAnomaly::new);

  /**
   * Thresholds; keys {@code min-settled-bets}, {@code min-payout-multiple}, {@code
   * excluded-top-wins}, {@code window}.
   */
  public record Settings(
      RuleSettings rule,
      int minSettledBets,
      int minPayoutMultiple,
      int excludedTopWins,
      Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      int min = c.intBetween("min-settled-bets", 50, 1, SlidingWindowRule.MAX_EVENTS);
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(1)),
          min,
          c.intBetween("min-payout-multiple", 5, 1, 1_000_000),
          c.intBetween("excluded-top-wins", 1, 0, 100),
          c.duration("window", Duration.ofHours(1)));
    }
  }

  public PayoutAnomaly(RuleVersions<Settings> rule) {
    super(rule, "settlements", SettlementWindowTypeInfo.INSTANCE);
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isSettlement();
  }

  @Override
  protected long windowMs(Settings s) {
    return s.window().toMillis();
  }

  @Override
  protected SettlementWindow newWindow() {
    return new SettlementWindow();
  }

  @Override
  protected void add(SettlementWindow w, PlayerEvent e) {
    w.add(e.occurredAt, e.stake, e.payout, e.eventId);
  }

  @Override
  protected void onEvent(
      PlayerEvent s,
      SettlementWindow w,
      long keep,
      List<Settings> versions,
      ReadOnlyContext ctx,
      Alerts out) {
    for (Settings v : versions) {
      int from = w.indexFrom(s.occurredAt - v.window().toMillis());
      int settled = w.size() - from;
      if (settled < v.minSettledBets()) {
        // too few to judge (most players, most of the time): no sums needed
        w.rises(v.rule().version(), false);
        continue;
      }
      long stakes = 0;
      long payouts = 0;
      for (int i = from; i < w.size(); i++) {
        stakes = Sums.add(stakes, w.stake[i]);
        payouts = Sums.add(payouts, w.payout[i]);
      }
      long excluded = biggestPayouts(w.payout, from, w.size(), v.excludedTopWins());
      long counted = payouts - excluded;
      boolean anomalous =
          counted > 0 && Sums.productAtLeast(counted, 1, stakes, v.minPayoutMultiple());
      if (!w.rises(v.rule().version(), anomalous)) {
        continue;
      }
      double multiple = stakes == 0 ? Double.POSITIVE_INFINITY : (double) counted / stakes;
      AlertBuilder alert = AlertBuilder.of(v.rule(), s.userId);
      for (int i = from; i < w.size(); i++) {
        alert.evidence(w.eventId[i], w.at[i]);
      }
      out.emit(
          v.rule(),
          alert
              .atLeast("settledBets", settled, v.minSettledBets())
              .atLeast(
                  "payoutMultiple",
                  stakes == 0 ? 2.0 * v.minPayoutMultiple() : multiple,
                  v.minPayoutMultiple())
              .attribute("payouts", payouts)
              .attribute("excludedTopWins", excluded)
              .attribute("stakes", stakes)
              .attribute("window", v.window())
              .summary(
                  settled
                      + " settled bets paid "
                      + Money.format(payouts, s.currency)
                      + " on "
                      + Money.format(stakes, s.currency)
                      + " staked within "
                      + v.window().toMinutes()
                      + " min, "
                      + Money.format(counted, s.currency)
                      + " without the biggest "
                      + v.excludedTopWins()
                      + " (threshold: "
                      + v.minPayoutMultiple()
                      + "x over "
                      + v.minSettledBets()
                      + " bets)")
              .build());
    }
  }

  /** The sum of the {@code n} biggest of {@code payouts[from..to)}. */
  static long biggestPayouts(long[] payouts, int from, int to, int n) {
    if (n == 0 || from >= to) {
      return 0;
    }
    if (n == 1) { // the default: one pass
      long max = 0;
      for (int i = from; i < to; i++) {
        max = Math.max(max, payouts[i]);
      }
      return max;
    }
    long[] sorted = Arrays.copyOfRange(payouts, from, to);
    Arrays.sort(sorted);
    long sum = 0;
    for (int i = 0; i < Math.min(n, sorted.length); i++) {
      sum = Sums.add(sum, sorted[sorted.length - 1 - i]);
    }
    return sum;
  }
}
