package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.CompactWindowRule;
import dev.croupier.udfs.fraud.LossWindow;
import dev.croupier.udfs.fraud.LossWindowTypeInfo;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.Sums;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chip-dumping}: within {@code window} (default 24 h) a player's losses total at least
 * {@code min-total-losses} (default 500.00) and at least {@code min-counterparty-percent} (80) of
 * them went to one counterparty. A loss is a LOSS settlement, worth its stake minus payout; losses
 * in house games count in the total but go to no counterparty. The alert names the counterparty.
 */
public final class ChipDumping extends CompactWindowRule<ChipDumping.Settings, LossWindow> {
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

  public ChipDumping(RuleVersions<Settings> rule) {
    super(rule, "losses", LossWindowTypeInfo.INSTANCE);
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isSettlement() && e.outcome == BetOutcome.LOSS && e.stake > e.payout;
  }

  @Override
  protected long windowMs(Settings s) {
    return s.window().toMillis();
  }

  @Override
  protected LossWindow newWindow() {
    return new LossWindow();
  }

  @Override
  protected void add(LossWindow w, PlayerEvent e) {
    // positive: only LOSS settlements with stake > payout get here
    w.add(e.occurredAt, e.stake - e.payout, e.counterpartyUserId, e.eventId);
  }

  @Override
  protected void onEvent(
      PlayerEvent loss,
      LossWindow w,
      long keep,
      List<Settings> versions,
      ReadOnlyContext ctx,
      Alerts out) {
    for (Settings v : versions) {
      long windowMs = v.window().toMillis();
      int from = w.indexFrom(loss.occurredAt - windowMs);
      long total;
      String top = null;
      long topLoss = 0;
      if (windowMs == keep && !w.overflowed) {
        // the version judges the whole held window: the running sums are its sums
        total = w.total;
        for (int c = 0; c < w.counterparties.length; c++) {
          if (isTop(w.counterparties[c], w.counterpartyLosses[c], top, topLoss)) {
            top = w.counterparties[c];
            topLoss = w.counterpartyLosses[c];
          }
        }
      } else {
        total = 0;
        Map<String, Long> byCounterparty = new HashMap<>();
        for (int i = from; i < w.size(); i++) {
          total = Sums.add(total, w.lost[i]);
          if (w.counterparty[i] != null) {
            byCounterparty.merge(w.counterparty[i], w.lost[i], Sums::add);
          }
        }
        for (Map.Entry<String, Long> c : byCounterparty.entrySet()) {
          if (isTop(c.getKey(), c.getValue(), top, topLoss)) {
            top = c.getKey();
            topLoss = c.getValue();
          }
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
      for (int i = from; i < w.size(); i++) {
        if (top.equals(w.counterparty[i])) {
          alert.evidence(w.eventId[i], w.at[i]);
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

  /**
   * Whether {@code name} with {@code losses} beats the current top: more losses, or as many and a
   * smaller name (the first in name order wins a tie, as it always has).
   */
  private static boolean isTop(String name, long losses, String top, long topLoss) {
    return losses > topLoss || (losses == topLoss && top != null && name.compareTo(top) < 0);
  }
}
