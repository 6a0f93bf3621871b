package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.EventMark;
import dev.croupier.udfs.fraud.HeldPayment;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.SequenceLedger;
import dev.croupier.udfs.fraud.Sums;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * {@code rapid-cashout}: a completed deposit of at least {@code min-deposit} (10000 minor units =
 * 100.00), then a withdrawal request within {@code window} (30 min, inclusive) of which at least
 * {@code min-withdrawal-percent} (80) % of the deposit is not covered by what the player won in
 * between (payouts − stakes of the bets settled in between), with less than {@code
 * max-staked-percent} (20) % of the deposit staked in between. Money paid in and taken out again
 * unplayed is laundering; a quick withdrawal of winnings is not.
 *
 * <p>A sequence rule evaluated in this keyed function (not Flink CEP, whose patterns cannot change
 * in a running job): the player's qualifying deposits of the longest running window are held with
 * the running stake and win totals, and each running version looks, at a withdrawal request, for
 * the earliest held deposit it qualifies with and that no earlier case of it used.
 */
public final class RapidCashout extends LiveRuleFunction<RapidCashout.Settings> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code rapid-cashout}: this function on the player timeline. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("rapid-cashout"), Settings::from, RapidCashout::accepts, RapidCashout::new);

  /**
   * Thresholds; keys {@code min-deposit}, {@code min-withdrawal-percent}, {@code
   * max-staked-percent}, {@code window}.
   */
  public record Settings(
      RuleSettings rule,
      long minDeposit,
      int minWithdrawalPercent,
      int maxStakedPercent,
      Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(1)),
          c.longAtLeast("min-deposit", 10_000, 1),
          c.intBetween("min-withdrawal-percent", 80, 1, 1_000),
          c.intBetween("max-staked-percent", 20, 1, 1_000),
          c.duration("window", Duration.ofMinutes(30)));
    }
  }

  private transient ValueState<SequenceLedger> ledger;
  private transient ValueState<Long> cleanupAt;

  public RapidCashout(RuleVersions<Settings> rule) {
    super(rule);
  }

  /** Bets, settlements (what was staked and won), deposits and withdrawal requests. */
  public static boolean accepts(PlayerEvent e) {
    return e.isBet()
        || e.isSettlement()
        || e.isPayment(PaymentKind.DEPOSIT, PaymentStatus.COMPLETED)
        || e.isPayment(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    ledger =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("cashout-ledger", Types.POJO(SequenceLedger.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  protected void onEvent(PlayerEvent e, List<Settings> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    if (versions.isEmpty()) {
      return;
    }
    long keep = 0;
    long smallest = Long.MAX_VALUE;
    for (Settings v : versions) {
      keep = Math.max(keep, v.window().toMillis());
      smallest = Math.min(smallest, v.minDeposit());
    }
    SequenceLedger l = ledger.value();
    boolean opens =
        e.isPayment(PaymentKind.DEPOSIT, PaymentStatus.COMPLETED) && e.amount >= smallest;
    if (l == null && !opens) {
      return; // nothing held: play and withdrawals prove nothing
    }
    if (l == null) {
      l = new SequenceLedger();
    }
    l.evictBefore(e.occurredAt - keep);
    if (e.isBet()) {
      l.staked = Sums.add(l.staked, e.stake);
    } else if (e.isSettlement()) {
      l.netWon = Sums.add(l.netWon, Sums.subtract(e.payout, e.stake));
    } else if (opens) {
      l.held.add(HeldPayment.of(e, l.staked, l.netWon));
    } else if (e.isPayment(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED)) {
      for (Settings v : versions) {
        HeldPayment d = qualifying(l, e, v);
        if (d != null) {
          out.emit(v.rule(), alert(v, d, e, l));
          l.matched.put(v.rule().version(), EventMark.of(e));
        }
      }
    }
    if (l.held.isEmpty()) {
      ledger.clear();
      return;
    }
    l.matched.keySet().retainAll(versions.stream().map(v -> v.rule().version()).toList());
    ledger.update(l);
    if (cleanupAt.value() == null) {
      long at = l.held.get(l.held.size() - 1).at + keep;
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  /** The earliest held deposit that {@code w} completes a case with under {@code v}, or null. */
  static HeldPayment qualifying(SequenceLedger l, PlayerEvent w, Settings v) {
    EventMark mark = l.matched.get(v.rule().version());
    for (HeldPayment d : l.held) {
      if (!d.after(mark)
          || d.amount < v.minDeposit()
          || w.occurredAt - d.at > v.window().toMillis()) {
        continue;
      }
      long staked = Sums.subtract(l.staked, d.staked);
      long uncovered = Sums.subtract(w.amount, Math.max(0, Sums.subtract(l.netWon, d.netWon)));
      if (uncovered > 0
          && Sums.productAtLeast(uncovered, 100, d.amount, v.minWithdrawalPercent())
          && Sums.productBelow(staked, 100, d.amount, v.maxStakedPercent())) {
        return d;
      }
    }
    return null;
  }

  private static FraudAlert alert(Settings v, HeldPayment d, PlayerEvent w, SequenceLedger l) {
    long staked = Sums.subtract(l.staked, d.staked);
    long won = Sums.subtract(l.netWon, d.netWon);
    long uncovered = Sums.subtract(w.amount, Math.max(0, won));
    double withdrawnPct = 100.0 * uncovered / d.amount;
    double stakedPct = 100.0 * staked / d.amount;
    return AlertBuilder.of(v.rule(), w.userId)
        .evidence(d.eventId, d.at)
        .evidence(w)
        .atLeast("deposit", d.amount, v.minDeposit())
        .atLeast("withdrawalPercent", withdrawnPct, v.minWithdrawalPercent())
        .below("stakedPercent", stakedPct, v.maxStakedPercent())
        .attribute("withdrawal", w.amount)
        .attribute("staked", staked)
        .attribute("netWon", won)
        .attribute("minutes", (w.occurredAt - d.at) / 60_000)
        .summary(
            "Deposit of "
                + Money.format(d.amount, d.currency)
                + " followed after "
                + (w.occurredAt - d.at) / 60_000
                + " min by a withdrawal request of "
                + Money.format(w.amount, w.currency)
                + " ("
                + Math.round(withdrawnPct)
                + " % not won in between) with "
                + Money.format(staked, d.currency)
                + " ("
                + Math.round(stakedPct)
                + " %) staked in between")
        .build();
  }

  @Override
  protected void onTimer(long timestamp, List<Settings> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    SequenceLedger l = ledger.value();
    long keep = 0;
    for (Settings v : versions) {
      keep = Math.max(keep, v.window().toMillis());
    }
    if (l == null || l.held.isEmpty() || l.held.get(l.held.size() - 1).at + keep <= timestamp) {
      ledger.clear();
      cleanupAt.clear();
      return;
    }
    long at = l.held.get(l.held.size() - 1).at + keep;
    ctx.timerService().registerEventTimeTimer(at);
    cleanupAt.update(at);
  }
}
