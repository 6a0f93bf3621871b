package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.SlidingWindow;
import dev.croupier.udfs.fraud.SlidingWindowFunction;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.time.Duration;
import org.apache.flink.util.Collector;

/**
 * {@code bet-velocity}: at least {@code min-bets} bets by one player within {@code window} (default
 * 30 within 10 s; inclusive: the first and last bet at most 10 s apart). Alerts when the count
 * rises to the threshold, with those bets as evidence; input: the player's bets.
 */
public final class BetVelocity extends SlidingWindowFunction<FraudAlert> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code bet-velocity}: this function on the player timeline, fed {@link #accepts}. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("bet-velocity"), Settings::from, BetVelocity::accepts, BetVelocity::new);

  /** Thresholds; keys {@code min-bets}, {@code window}. */
  public record Settings(RuleSettings rule, int minBets, Duration window)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.MEDIUM, Duration.ofHours(1)),
          c.intBetween("min-bets", 30, 2, SlidingWindowFunction.MAX_EVENTS),
          c.duration("window", Duration.ofSeconds(10)));
    }
  }

  private final Settings settings;

  public BetVelocity(Settings settings) {
    super(settings.window());
    this.settings = settings;
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isBet();
  }

  @Override
  protected void onEvent(
      PlayerEvent bet, SlidingWindow window, Context ctx, Collector<FraudAlert> out) {
    if (!window.rises(window.size() >= settings.minBets())) {
      return;
    }
    AlertBuilder alert = AlertBuilder.of(settings.rule(), bet.userId);
    for (PlayerEvent e : window.events) {
      alert.evidence(e);
    }
    long spanMs = bet.occurredAt - window.events.get(0).occurredAt;
    out.collect(
        alert
            .atLeast("bets", window.size(), settings.minBets())
            .attribute("spanMs", spanMs)
            .attribute("window", settings.window())
            .summary(
                window.size()
                    + " bets within "
                    + spanMs / 1000.0
                    + " s (threshold: "
                    + settings.minBets()
                    + " within "
                    + settings.window().toSeconds()
                    + " s)")
            .build());
  }
}
