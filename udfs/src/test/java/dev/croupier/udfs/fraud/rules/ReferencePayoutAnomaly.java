package dev.croupier.udfs.fraud.rules;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code payout-anomaly}: over at least {@code min-settled-bets} settled bets within {@code window}
 * (default 50 within 1 h), the payouts are at least {@code min-payout-multiple} times the stakes
 * (default 5), leaving out the {@code excluded-top-wins} biggest payouts (default 1): one jackpot
 * on a high-variance game is luck, an exploit pays again and again. Every settlement outcome
 * counts. Alerts when the condition starts to hold.
 */
/**
 * The rule as it was before its state and step were made compact: the oracle of {@code
 * CompactRulesOracleTest}.
 */
final class ReferencePayoutAnomaly extends SlidingWindowRule<ReferencePayoutAnomaly.Settings> {
  private static final long serialVersionUID = 1L;

  /**
   * The rule {@code payout-anomaly}: this function on the player timeline, fed {@link #accepts}.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("payout-anomaly"),
          Settings::from,
          ReferencePayoutAnomaly::accepts,
          ReferencePayoutAnomaly::new);

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

  public ReferencePayoutAnomaly(RuleVersions<Settings> rule) {
    super(rule);
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isSettlement();
  }

  @Override
  protected long windowMs(Settings s) {
    return s.window().toMillis();
  }

  @Override
  protected void onEvent(
      PlayerEvent s, SlidingWindow w, List<Settings> versions, ReadOnlyContext ctx, Alerts out) {
    for (Settings v : versions) {
      List<PlayerEvent> in = w.from(s.occurredAt - v.window().toMillis());
      long stakes = 0;
      long payouts = 0;
      for (PlayerEvent e : in) {
        stakes = Sums.add(stakes, e.stake);
        payouts = Sums.add(payouts, e.payout);
      }
      long excluded = biggestPayouts(in, v.excludedTopWins());
      long counted = payouts - excluded;
      boolean anomalous =
          in.size() >= v.minSettledBets()
              && counted > 0
              && Sums.productAtLeast(counted, 1, stakes, v.minPayoutMultiple());
      if (!w.rises(v.rule().version(), anomalous)) {
        continue;
      }
      double multiple = stakes == 0 ? Double.POSITIVE_INFINITY : (double) counted / stakes;
      out.emit(
          v.rule(),
          AlertBuilder.of(v.rule(), s.userId)
              .evidence(in)
              .atLeast("settledBets", in.size(), v.minSettledBets())
              .atLeast(
                  "payoutMultiple",
                  stakes == 0 ? 2.0 * v.minPayoutMultiple() : multiple,
                  v.minPayoutMultiple())
              .attribute("payouts", payouts)
              .attribute("excludedTopWins", excluded)
              .attribute("stakes", stakes)
              .attribute("window", v.window())
              .summary(
                  in.size()
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

  /** The sum of the {@code n} biggest payouts among {@code in}. */
  static long biggestPayouts(List<PlayerEvent> in, int n) {
    if (n == 0 || in.isEmpty()) {
      return 0;
    }
    if (n == 1) { // the default: one pass
      long max = 0;
      for (PlayerEvent e : in) {
        max = Math.max(max, e.payout);
      }
      return max;
    }
    List<Long> payouts = new ArrayList<>(in.size());
    for (PlayerEvent e : in) {
      payouts.add(e.payout);
    }
    payouts.sort(Comparator.reverseOrder());
    long sum = 0;
    for (int i = 0; i < Math.min(n, payouts.size()); i++) {
      sum = Sums.add(sum, payouts.get(i));
    }
    return sum;
  }
}
