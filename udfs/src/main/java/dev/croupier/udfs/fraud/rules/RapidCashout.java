package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.PlayerSignal.Kind;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.signals.AfterStep;
import dev.croupier.udfs.fraud.signals.SignalMatches;
import dev.croupier.udfs.fraud.signals.StakeStamper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * {@code rapid-cashout}: a completed deposit of at least {@code min-deposit} (10000 minor units =
 * 100.00), then a withdrawal request of at least {@code min-withdrawal-percent} (80) % of it within
 * {@code window} (30 min, inclusive), with less than {@code max-staked-percent} (20) % of the
 * deposit staked in between. A {@link StakeStamper} turns the bet stream into stake stamps, so the
 * pattern sees only qualifying deposits and withdrawal requests.
 */
public final class RapidCashout {

  /**
   * The rule {@code rapid-cashout}: {@link #pattern} over the {@link #signals} of the player
   * timeline.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Cep<>(
          RuleId.of("rapid-cashout"),
          Settings::from,
          RapidCashout::signalInput,
          RapidCashout::signals,
          RapidCashout::pattern,
          Matches::new);

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

  private RapidCashout() {}

  /** The pre-aggregation in front of the pattern. */
  public static StakeStamper signals(Settings s) {
    long min = s.minDeposit();
    return new StakeStamper(
        e -> e.isPayment(PaymentKind.DEPOSIT, PaymentStatus.COMPLETED) && e.amount >= min,
        Kind.DEPOSIT,
        false,
        s.window());
  }

  /**
   * Deposit, then a large enough withdrawal request with little staked between, within the window.
   */
  public static Pattern<PlayerSignal, PlayerSignal> pattern(Settings s) {
    return Pattern.<PlayerSignal>begin("deposit", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(x -> x.is(Kind.DEPOSIT)))
        .followedBy("withdrawal")
        .where(AfterStep.of("deposit", (d, w) -> matches(s, d, w), Kind.WITHDRAWAL_REQUEST))
        // CEP's within is exclusive; the rule's "within 30 min" includes 30:00.000.
        .within(s.window().plusMillis(1));
  }

  static boolean matches(Settings s, PlayerSignal deposit, PlayerSignal withdrawal) {
    long staked = withdrawal.stakedSoFar - deposit.stakedSoFar;
    return withdrawal.amount * 100 >= deposit.amount * s.minWithdrawalPercent()
        && staked * 100 < deposit.amount * s.maxStakedPercent()
        && withdrawal.at - deposit.at <= s.window().toMillis();
  }

  /** Turns a match into an alert. */
  public static final class Matches extends SignalMatches {
    private static final long serialVersionUID = 1L;
    private final Settings settings;

    public Matches(Settings settings) {
      this.settings = settings;
    }

    @Override
    protected FraudAlert alert(Map<String, List<PlayerSignal>> match) {
      PlayerSignal d = step(match, "deposit");
      PlayerSignal w = step(match, "withdrawal");
      long staked = w.stakedSoFar - d.stakedSoFar;
      double withdrawnPct = 100.0 * w.amount / d.amount;
      double stakedPct = 100.0 * staked / d.amount;
      return AlertBuilder.of(settings.rule(), d.userId)
          .evidence(d)
          .evidence(w)
          .atLeast("deposit", d.amount, settings.minDeposit())
          .atLeast("withdrawalPercent", withdrawnPct, settings.minWithdrawalPercent())
          .below("stakedPercent", stakedPct, settings.maxStakedPercent())
          .attribute("withdrawal", w.amount)
          .attribute("staked", staked)
          .attribute("minutes", (w.at - d.at) / 60_000)
          .summary(
              "Deposit of "
                  + Money.format(d.amount, d.currency)
                  + " followed after "
                  + (w.at - d.at) / 60_000
                  + " min by a withdrawal request of "
                  + Money.format(w.amount, w.currency)
                  + " ("
                  + Math.round(withdrawnPct)
                  + " %) with "
                  + Money.format(staked, d.currency)
                  + " ("
                  + Math.round(stakedPct)
                  + " %) staked in between")
          .build();
    }
  }

  /** Events the signal function needs. */
  public static boolean signalInput(PlayerEvent e) {
    return StakeStamper.accepts(e);
  }
}
