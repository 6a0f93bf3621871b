package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerSignal;
import dev.croupier.udfs.fraud.PlayerSignal.Kind;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.signals.AccountTakeoverSignals;
import dev.croupier.udfs.fraud.signals.AfterStep;
import dev.croupier.udfs.fraud.signals.SignalMatches;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * {@code account-takeover}: at least {@code min-failed-logins} (5) failed logins, then a successful
 * login from a device or IP not seen for the player before (registrations and successful logins of
 * the last {@code known-device-ttl}, 90 days), then a payout-details change or a withdrawal
 * request, all within {@code window} (15 min, inclusive, from the first of those failed logins).
 */
public final class AccountTakeover {

  /**
   * The rule {@code account-takeover}: {@link #pattern} over the {@link #signals} of the player
   * timeline.
   */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Cep<>(
          RuleId.of("account-takeover"),
          Settings::from,
          AccountTakeover::signalInput,
          AccountTakeover::signals,
          AccountTakeover::pattern,
          Matches::new);

  /** Thresholds; keys {@code min-failed-logins}, {@code window}, {@code known-device-ttl}. */
  public record Settings(
      RuleSettings rule, int minFailedLogins, Duration window, Duration knownDeviceTtl)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.CRITICAL, Duration.ofHours(1)),
          c.intBetween("min-failed-logins", 5, 1, 1_000),
          c.duration("window", Duration.ofMinutes(15)),
          c.duration("known-device-ttl", Duration.ofDays(90)));
    }
  }

  private AccountTakeover() {}

  public static AccountTakeoverSignals signals(Settings s) {
    return new AccountTakeoverSignals(s.minFailedLogins(), s.window(), s.knownDeviceTtl());
  }

  public static boolean signalInput(PlayerEvent e) {
    return AccountTakeoverSignals.accepts(e);
  }

  /** Failed-login burst, then a login from a new device or IP, then a sensitive action. */
  public static Pattern<PlayerSignal, PlayerSignal> pattern(Settings s) {
    return Pattern.<PlayerSignal>begin("failures", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(x -> x.is(Kind.FAILED_LOGINS)))
        .followedBy("login")
        .where(SimpleCondition.of(x -> x.is(Kind.NEW_DEVICE_LOGIN)))
        .followedBy("action")
        .where(
            AfterStep.of(
                "failures",
                (f, a) -> a.at - f.firstAt <= s.window().toMillis(),
                Kind.PAYOUT_DETAILS_CHANGED,
                Kind.WITHDRAWAL_REQUEST))
        // Bounds the partial match from the burst; the condition above measures from the first
        // failure.
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
      PlayerSignal l = step(match, "login");
      PlayerSignal a = step(match, "action");
      String action =
          a.is(Kind.WITHDRAWAL_REQUEST) ? "a withdrawal request" : "a payout-details change";
      return AlertBuilder.of(settings.rule(), f.userId)
          .evidence(f)
          .evidence(l)
          .evidence(a)
          .atLeast("failedLogins", f.count, settings.minFailedLogins())
          .attribute("login", l.detail)
          .attribute("action", a.kind.name())
          .attribute("minutes", (a.at - f.firstAt) / 60_000)
          .attribute("window", settings.window())
          .summary(
              f.count
                  + " failed logins, a login from "
                  + l.detail
                  + ", then "
                  + action
                  + " within "
                  + (a.at - f.firstAt) / 60_000
                  + " min")
          .build();
    }
  }
}
