package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.AccountEventKind;
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
 * {@code bonus-abuse}: the player registered, a bonus completed, then a withdrawal request, all
 * within {@code window} (24 h, inclusive, from the registration), with less than {@code
 * wagering-multiple} (5) times the bonus staked between the (first) bonus after the registration
 * and the withdrawal request.
 *
 * <p>A sequence rule evaluated in this keyed function (see {@link RapidCashout}): a new player's
 * registration and bonuses are held for the longest running window, with the running stake total;
 * each running version judges a withdrawal request against them.
 */
public final class BonusAbuse extends LiveRuleFunction<BonusAbuse.Settings> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code bonus-abuse}: this function on the player timeline. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("bonus-abuse"), Settings::from, BonusAbuse::accepts, BonusAbuse::new);

  /** Thresholds; keys {@code wagering-multiple}, {@code window}. */
  public record Settings(RuleSettings rule, int wageringMultiple, Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.MEDIUM, Duration.ofHours(24)),
          c.intBetween("wagering-multiple", 5, 1, 1_000),
          c.duration("window", Duration.ofHours(24)));
    }
  }

  private transient ValueState<SequenceLedger> ledger;
  private transient ValueState<Long> cleanupAt;

  public BonusAbuse(RuleVersions<Settings> rule) {
    super(rule);
  }

  /** Registrations, bets, bonuses and withdrawal requests. */
  public static boolean accepts(PlayerEvent e) {
    return e.isBet()
        || e.isAccount(AccountEventKind.REGISTERED)
        || e.isPayment(PaymentKind.BONUS, PaymentStatus.COMPLETED)
        || e.isPayment(PaymentKind.WITHDRAWAL, PaymentStatus.REQUESTED);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    ledger =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("bonus-ledger", Types.POJO(SequenceLedger.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  protected void onEvent(PlayerEvent e, List<Settings> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    if (versions.isEmpty()) {
      return;
    }
    long keep = longestWindow(versions);
    SequenceLedger l = ledger.value();
    if (e.isAccount(AccountEventKind.REGISTERED)) {
      l = new SequenceLedger(); // a new player: whatever came before belongs to no case
      l.registration = HeldPayment.of(e, 0, 0);
    } else if (l == null || l.registration.at < e.occurredAt - keep) {
      if (l != null) {
        ledger.clear();
      }
      return;
    } else if (e.isBet()) {
      if (!l.held.isEmpty()) {
        l.staked = Sums.add(l.staked, e.stake);
      }
    } else if (e.isPayment(PaymentKind.BONUS, PaymentStatus.COMPLETED)) {
      l.held.add(HeldPayment.of(e, l.staked, 0));
    } else {
      for (Settings v : versions) {
        HeldPayment bonus = qualifying(l, e, v);
        if (bonus != null) {
          out.emit(v.rule(), alert(v, l.registration, bonus, e, l.staked));
          l.matched.put(v.rule().version(), EventMark.of(e));
        }
      }
    }
    l.matched.keySet().retainAll(versions.stream().map(v -> v.rule().version()).toList());
    ledger.update(l);
    long at = l.registration.at + keep;
    Long due = cleanupAt.value();
    if (due == null || due < at) {
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  /** The first bonus after the registration, if {@code w} completes a case with it under v. */
  static HeldPayment qualifying(SequenceLedger l, PlayerEvent w, Settings v) {
    EventMark mark = l.matched.get(v.rule().version());
    if (!l.registration.after(mark)
        || w.occurredAt - l.registration.at > v.window().toMillis()
        || l.held.isEmpty()) {
      return null;
    }
    HeldPayment bonus = l.held.get(0);
    long staked = Sums.subtract(l.staked, bonus.staked);
    return Sums.productBelow(staked, 1, bonus.amount, v.wageringMultiple()) ? bonus : null;
  }

  private static FraudAlert alert(
      Settings v, HeldPayment r, HeldPayment b, PlayerEvent w, long stakedNow) {
    long staked = Sums.subtract(stakedNow, b.staked);
    long required = Sums.multiply(b.amount, v.wageringMultiple());
    return AlertBuilder.of(v.rule(), w.userId)
        .evidence(r.eventId, r.at)
        .evidence(b.eventId, b.at)
        .evidence(w)
        .below("staked", staked, required)
        .attribute("bonus", b.amount)
        .attribute("withdrawal", w.amount)
        .attribute("hoursSinceRegistration", (w.occurredAt - r.at) / 3_600_000)
        .summary(
            "Registered, got a bonus of "
                + Money.format(b.amount, b.currency)
                + " and requested a withdrawal of "
                + Money.format(w.amount, w.currency)
                + " after staking only "
                + Money.format(staked, b.currency)
                + " (less than "
                + v.wageringMultiple()
                + "x the bonus)")
        .build();
  }

  private static long longestWindow(List<Settings> versions) {
    long most = 0;
    for (Settings v : versions) {
      most = Math.max(most, v.window().toMillis());
    }
    return most;
  }

  @Override
  protected void onTimer(long timestamp, List<Settings> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    SequenceLedger l = ledger.value();
    long keep = longestWindow(versions);
    if (l == null || l.registration.at + keep <= timestamp) {
      ledger.clear();
      cleanupAt.clear();
      return;
    }
    long at = l.registration.at + keep;
    ctx.timerService().registerEventTimeTimer(at);
    cleanupAt.update(at);
  }
}
