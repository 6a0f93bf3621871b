package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.SlidingWindow;
import dev.croupier.udfs.fraud.SlidingWindowRule;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.List;

/**
 * {@code bet-velocity}: at least {@code min-bets} bets by one player within {@code window} (default
 * 30 within 10 s; inclusive: the first and last bet at most 10 s apart). Alerts when the count
 * rises to the threshold, with those bets as evidence; input: the player's bets.
 */
public final class BetVelocity extends SlidingWindowRule<BetVelocity.Settings> {
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
          c.intBetween("min-bets", 30, 2, SlidingWindowRule.MAX_EVENTS),
          c.duration("window", Duration.ofSeconds(10)));
    }
  }

  public BetVelocity(RuleVersions<Settings> rule) {
    super(rule);
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isBet();
  }

  @Override
  protected long windowMs(Settings s) {
    return s.window().toMillis();
  }

  @Override
  protected void onEvent(
      PlayerEvent bet, SlidingWindow w, List<Settings> versions, ReadOnlyContext ctx, Alerts out) {
    for (Settings s : versions) {
      List<PlayerEvent> in = w.from(bet.occurredAt - s.window().toMillis());
      if (!w.rises(s.rule().version(), in.size() >= s.minBets())) {
        continue;
      }
      long spanMs = bet.occurredAt - in.get(0).occurredAt;
      out.emit(
          s.rule(),
          AlertBuilder.of(s.rule(), bet.userId)
              .evidence(in)
              .atLeast("bets", in.size(), s.minBets())
              .attribute("spanMs", spanMs)
              .attribute("window", s.window())
              .summary(
                  in.size()
                      + " bets within "
                      + spanMs / 1000.0
                      + " s (threshold: "
                      + s.minBets()
                      + " within "
                      + s.window().toSeconds()
                      + " s)")
              .build());
    }
  }
}
