package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
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
import dev.croupier.udfs.fraud.signals.CardTestingSignals;
import dev.croupier.udfs.fraud.signals.SignalMatches;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * {@code card-testing}: at least {@code min-failed-deposits} (5) failed deposits on at least {@code
 * min-instruments} (3) distinct instruments, then a completed deposit, all within {@code window}
 * (10 min, inclusive, from the first of those failures to the completed deposit).
 */
public final class CardTesting {

  /**
   * The rule {@code card-testing}: {@link #pattern} over the {@link #signals} of the player
   * timeline.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Cep<>(
          RuleId.of("card-testing"),
          Settings::from,
          CardTesting::signalInput,
          CardTesting::signals,
          CardTesting::pattern,
          Matches::new);

  /** Thresholds; keys {@code min-failed-deposits}, {@code min-instruments}, {@code window}. */
  public record Settings(
      RuleSettings rule, int minFailedDeposits, int minInstruments, Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.HIGH, Duration.ofHours(1)),
          c.intBetween("min-failed-deposits", 5, 1, 1_000),
          c.intBetween("min-instruments", 3, 1, 1_000),
          c.duration("window", Duration.ofMinutes(10)));
    }
  }

  private CardTesting() {}

  public static CardTestingSignals signals(Settings s) {
    return new CardTestingSignals(s.minFailedDeposits(), s.minInstruments(), s.window());
  }

  public static boolean signalInput(PlayerEvent e) {
    return CardTestingSignals.accepts(e);
  }

  /** A run of failed deposits on several instruments, then a completed deposit. */
  public static Pattern<PlayerSignal, PlayerSignal> pattern(Settings s) {
    return Pattern.<PlayerSignal>begin("failures", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(x -> x.is(Kind.FAILED_DEPOSITS)))
        .followedBy("deposit")
        .where(
            AfterStep.of(
                "failures",
                (f, d) -> d.at - f.firstAt <= s.window().toMillis(),
                Kind.DEPOSIT_COMPLETED))
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
      PlayerSignal f = step(match, "failures");
      PlayerSignal d = step(match, "deposit");
      return AlertBuilder.of(settings.rule(), f.userId)
          .evidence(f)
          .evidence(d)
          .atLeast("failedDeposits", f.count, settings.minFailedDeposits())
          .atLeast("instruments", f.distinct, settings.minInstruments())
          .attribute("deposit", d.amount)
          .attribute("minutes", (d.at - f.firstAt) / 60_000)
          .attribute("window", settings.window())
          .summary(
              f.count
                  + " failed deposits on "
                  + f.distinct
                  + " instruments, then a deposit of "
                  + Money.format(d.amount, d.currency)
                  + " completed within "
                  + (d.at - f.firstAt) / 60_000
                  + " min")
          .build();
    }
  }
}
