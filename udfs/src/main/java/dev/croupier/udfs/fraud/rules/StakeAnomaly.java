package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.RunningStake;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code stake-anomaly}: once a player has at least {@code min-bets} bets (default 20), a stake
 * strictly above their running mean + {@code sigmas} population standard deviations (6) and at
 * least {@code min-mean-multiple} times the mean (10). The bet is compared with the bets before it,
 * then joins the statistics. A player's statistics are dropped after {@code history-ttl} (30 days)
 * without a bet, by an event-time timer.
 */
public final class StakeAnomaly extends KeyedProcessFunction<String, PlayerEvent, FraudAlert> {
  private static final long serialVersionUID = 1L;

  /** The rule {@code stake-anomaly}: this function on the player timeline, fed {@link #accepts}. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("stake-anomaly"), Settings::from, StakeAnomaly::accepts, StakeAnomaly::new);

  /**
   * Thresholds; keys {@code min-bets}, {@code sigmas}, {@code min-mean-multiple}, {@code
   * history-ttl}.
   */
  public record Settings(
      RuleSettings rule, int minBets, double sigmas, double minMeanMultiple, Duration historyTtl)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.MEDIUM, Duration.ofHours(1)),
          c.intBetween("min-bets", 20, 1, Integer.MAX_VALUE),
          c.doubleAtLeast("sigmas", 6, 0),
          c.doubleAtLeast("min-mean-multiple", 10, 0),
          c.duration("history-ttl", Duration.ofDays(30)));
    }
  }

  private final Settings settings;
  private transient ValueState<RunningStake> stats;
  private transient ValueState<Long> cleanupAt;

  public StakeAnomaly(Settings settings) {
    this.settings = settings;
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isBet();
  }

  @Override
  public void open(OpenContext openContext) {
    stats =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("stake-stats", Types.POJO(RunningStake.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  public void processElement(PlayerEvent bet, Context ctx, Collector<FraudAlert> out)
      throws Exception {
    RunningStake s = stats.value();
    if (s == null) {
      s = new RunningStake();
    }
    if (s.count >= settings.minBets()) {
      double sd = s.stdDev();
      double limit = s.mean + settings.sigmas() * sd;
      double multiple = s.mean <= 0 ? Double.POSITIVE_INFINITY : bet.stake / s.mean;
      if (bet.stake > limit && bet.stake >= settings.minMeanMultiple() * s.mean) {
        out.collect(alert(bet, s, sd, limit, multiple));
      }
    }
    s.add(bet.stake, bet.occurredAt);
    stats.update(s);
    if (cleanupAt.value() == null) {
      long at = bet.occurredAt + settings.historyTtl().toMillis();
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  private FraudAlert alert(
      PlayerEvent bet, RunningStake s, double sd, double limit, double multiple) {
    return AlertBuilder.of(settings.rule(), bet.userId)
        .evidence(bet)
        .above("stake", bet.stake, limit)
        .atLeast(
            "meanMultiple",
            Double.isInfinite(multiple) ? 2 * settings.minMeanMultiple() : multiple,
            settings.minMeanMultiple())
        .attribute("mean", String.format(Locale.ROOT, "%.2f", s.mean))
        .attribute("stdDev", String.format(Locale.ROOT, "%.2f", sd))
        .attribute("priorBets", s.count)
        .attribute("sigmas", settings.sigmas())
        .summary(
            "Stake of "
                + Money.format(bet.stake, bet.currency)
                + " is "
                + String.format(Locale.ROOT, "%.1f", multiple)
                + "x the player's mean of "
                + Money.format(Math.round(s.mean), bet.currency)
                + " over "
                + s.count
                + " bets")
        .build();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudAlert> out)
      throws Exception {
    RunningStake s = stats.value();
    long expiry = s == null ? timestamp : s.lastAt + settings.historyTtl().toMillis();
    if (expiry <= timestamp) {
      stats.clear();
      cleanupAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(expiry);
      cleanupAt.update(expiry);
    }
  }
}
