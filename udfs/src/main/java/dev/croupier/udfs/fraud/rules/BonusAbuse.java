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
 * {@code bonus-abuse}: the player registered, a bonus completed, then a withdrawal request, all
 * within {@code window} (24 h, inclusive, from the registration), with less than {@code
 * wagering-multiple} (5) times the bonus staked between the bonus and the withdrawal request. A
 * {@link StakeStamper} turns the bets into stake stamps, so the pattern sees only registrations,
 * bonuses and withdrawal requests.
 */
public final class BonusAbuse {

  /**
   * The rule {@code bonus-abuse}: {@link #pattern} over the {@link #signals} of the player
   * timeline.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Cep<>(
          RuleId.of("bonus-abuse"),
          Settings::from,
          BonusAbuse::signalInput,
          BonusAbuse::signals,
          BonusAbuse::pattern,
          Matches::new);

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

  private BonusAbuse() {}

  /** The pre-aggregation in front of the pattern: completed bonuses open the stake count. */
  public static StakeStamper signals(Settings s) {
    return new StakeStamper(
        e -> e.isPayment(PaymentKind.BONUS, PaymentStatus.COMPLETED), Kind.BONUS, true, s.window());
  }

  /** Registered, bonus, withdrawal request with too little wagered, within the window. */
  public static Pattern<PlayerSignal, PlayerSignal> pattern(Settings s) {
    return Pattern.<PlayerSignal>begin("registered", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(x -> x.is(Kind.REGISTERED)))
        .followedBy("bonus")
        .where(SimpleCondition.of(x -> x.is(Kind.BONUS)))
        .followedBy("withdrawal")
        .where(
            AfterStep.of(
                "bonus",
                (b, w) -> w.stakedSoFar - b.stakedSoFar < (long) s.wageringMultiple() * b.amount,
                Kind.WITHDRAWAL_REQUEST))
        .within(s.window().plusMillis(1));
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
      PlayerSignal r = step(match, "registered");
      PlayerSignal b = step(match, "bonus");
      PlayerSignal w = step(match, "withdrawal");
      long staked = w.stakedSoFar - b.stakedSoFar;
      long required = (long) settings.wageringMultiple() * b.amount;
      return AlertBuilder.of(settings.rule(), r.userId)
          .evidence(r)
          .evidence(b)
          .evidence(w)
          .below("staked", staked, required)
          .attribute("bonus", b.amount)
          .attribute("withdrawal", w.amount)
          .attribute("hoursSinceRegistration", (w.at - r.at) / 3_600_000)
          .summary(
              "Registered, got a bonus of "
                  + Money.format(b.amount, b.currency)
                  + " and requested a withdrawal of "
                  + Money.format(w.amount, w.currency)
                  + " after staking only "
                  + Money.format(staked, b.currency)
                  + " (less than "
                  + settings.wageringMultiple()
                  + "x the bonus)")
          .build();
    }
  }

  /** Events the signal function needs. */
  public static boolean signalInput(PlayerEvent e) {
    return StakeStamper.accepts(e);
  }
}
