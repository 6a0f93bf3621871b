package dev.croupier.udfs.fraud.rules;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.AlertBuilder;
import dev.croupier.udfs.fraud.Money;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.StakeHistory;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * {@code stake-anomaly}: a stake far outside the player's own habit, judged on the log scale
 * against the player's last {@code history-bets} (50) stakes, once there are at least {@code
 * min-bets} (20) of them. With {@code m} the median log-stake and {@code s} the spread ({@code
 * 1.4826 × MAD} of the log-stakes, at least a quarter octave), a stake fires when all three hold:
 *
 * <ul>
 *   <li>its log is at least {@code deviations} (4) spreads above the median: what is unusual
 *       depends on how volatile the player is (a high roller's swings widen {@code s});
 *   <li>it is at least {@code min-median-multiple} (10) times the median stake;
 *   <li>it is at least {@code min-max-multiple} (3) times the largest of those stakes: a doubling
 *       (martingale) bettor raises the stake 2× a step, never 3× past everything before, while a
 *       stolen account's sudden 40× is far past any of them.
 * </ul>
 *
 * The bet is compared with the bets before it, then joins the history; zero stakes are neither
 * judged nor kept. The history is dropped {@code history-ttl} (30 days) after the player's last
 * bet. Its state (a ring of 1/256-octave log-stakes) replaced the running mean and deviation of the
 * rule's first version, hence {@code stateVersion} 2.
 */
public final class StakeAnomaly extends LiveRuleFunction<StakeAnomaly.Settings> {
  private static final long serialVersionUID = 1L;

  /** 1.4826 × MAD estimates the standard deviation of a normal distribution. */
  static final double MAD_TO_SIGMA = 1.4826;

  /** The least spread: a quarter octave (×1.19), for players whose stakes never vary. */
  static final double MIN_SPREAD = StakeHistory.PER_OCTAVE / 4.0;

  /** The rule {@code stake-anomaly}: this function on the player timeline, fed {@link #accepts}. */
  public static final FraudRule<Settings> RULE =
      new FraudRule.Keyed<>(
          RuleId.of("stake-anomaly"), Settings::from, StakeAnomaly::accepts, StakeAnomaly::new, 2);

  /**
   * Thresholds; keys {@code min-bets}, {@code history-bets}, {@code deviations}, {@code
   * min-median-multiple}, {@code min-max-multiple}, {@code history-ttl}.
   */
  public record Settings(
      RuleSettings rule,
      int minBets,
      int historyBets,
      double deviations,
      double minMedianMultiple,
      double minMaxMultiple,
      Duration historyTtl)
      implements FraudRule.Settings {
    public static Settings from(Thresholds c) {
      return new Settings(
          RuleSettings.from(c, Severity.MEDIUM, Duration.ofHours(1)),
          c.intBetween("min-bets", 20, 1, 1_000),
          c.intBetween("history-bets", 50, 1, 1_000),
          c.doubleAtLeast("deviations", 4, 0),
          c.doubleAtLeast("min-median-multiple", 10, 1),
          c.doubleAtLeast("min-max-multiple", 3, 1),
          c.duration("history-ttl", Duration.ofDays(30)));
    }
  }

  private transient ValueState<StakeHistory> history;
  private transient ValueState<Long> cleanupAt;

  public StakeAnomaly(RuleVersions<Settings> rule) {
    super(rule);
  }

  public static boolean accepts(PlayerEvent e) {
    return e.isBet();
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    history =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("stake-history", Types.POJO(StakeHistory.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  protected void onEvent(PlayerEvent bet, List<Settings> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    if (versions.isEmpty() || bet.stake <= 0) {
      return;
    }
    StakeHistory h = history.value();
    if (h == null) {
      h = new StakeHistory();
    }
    short q = StakeHistory.quantize(bet.stake);
    int capacity = 0;
    long ttl = 0;
    for (Settings v : versions) {
      capacity = Math.max(capacity, v.historyBets());
      ttl = Math.max(ttl, v.historyTtl().toMillis());
      if (Math.min(v.historyBets(), h.count) < v.minBets()
          || q - h.largestOfNewest(v.historyBets()) < Habit.octaves(v.minMaxMultiple())) {
        // Not 3x past the largest stake (almost every bet): no anomaly whatever the median and
        // spread, so they are not taken (two sorts per bet otherwise).
        continue;
      }
      Habit habit = Habit.of(h.newest(v.historyBets()));
      if (habit.isAnomalous(q, v)) {
        out.emit(v.rule(), alert(bet, q, habit, v));
      }
    }
    h.add(q, capacity, bet.occurredAt);
    history.update(h);
    if (cleanupAt.value() == null) {
      long at = bet.occurredAt + ttl;
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  /** The statistics of a player's recent log-stakes. */
  record Habit(int bets, double median, double spread, int largest) {
    static Habit of(short[] logStakes) {
      if (logStakes.length == 0) {
        return new Habit(0, 0, MIN_SPREAD, 0);
      }
      double[] v = new double[logStakes.length];
      int largest = Short.MIN_VALUE;
      for (int i = 0; i < v.length; i++) {
        v[i] = logStakes[i];
        largest = Math.max(largest, logStakes[i]);
      }
      double median = StakeHistory.median(v);
      double[] dev = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        dev[i] = Math.abs(v[i] - median);
      }
      double spread = Math.max(MAD_TO_SIGMA * StakeHistory.median(dev), MIN_SPREAD);
      return new Habit(v.length, median, spread, largest);
    }

    double deviations(short q) {
      return (q - median) / spread;
    }

    boolean isAnomalous(short q, Settings v) {
      return deviations(q) >= v.deviations()
          && q - median >= octaves(v.minMedianMultiple())
          && q - largest >= octaves(v.minMaxMultiple());
    }

    /** {@code 2^(log / 256)}: a log-stake back in minor units. */
    static long stake(double log) {
      return Math.round(Math.pow(2, log / StakeHistory.PER_OCTAVE));
    }

    static double octaves(double multiple) {
      return StakeHistory.PER_OCTAVE * Math.log(multiple) / Math.log(2);
    }
  }

  private static FraudAlert alert(PlayerEvent bet, short q, Habit h, Settings v) {
    double medianMultiple = Math.pow(2, (q - h.median()) / StakeHistory.PER_OCTAVE);
    double maxMultiple = Math.pow(2, (q - h.largest()) / (double) StakeHistory.PER_OCTAVE);
    long medianStake = Habit.stake(h.median());
    return AlertBuilder.of(v.rule(), bet.userId)
        .evidence(bet)
        .atLeast("deviations", h.deviations(q), v.deviations())
        .atLeast("medianMultiple", medianMultiple, v.minMedianMultiple())
        .atLeast("maxMultiple", maxMultiple, v.minMaxMultiple())
        .attribute("stake", bet.stake)
        .attribute("medianStake", medianStake)
        .attribute("largestStake", Habit.stake(h.largest()))
        .attribute(
            "spreadOctaves",
            String.format(Locale.ROOT, "%.2f", h.spread() / StakeHistory.PER_OCTAVE))
        .attribute("priorBets", h.bets())
        .summary(
            "Stake of "
                + Money.format(bet.stake, bet.currency)
                + " is "
                + String.format(Locale.ROOT, "%.1f", medianMultiple)
                + "x the player's median of "
                + Money.format(medianStake, bet.currency)
                + " and "
                + String.format(Locale.ROOT, "%.1f", maxMultiple)
                + "x their largest over the last "
                + h.bets()
                + " bets")
        .build();
  }

  @Override
  protected void onTimer(long timestamp, List<Settings> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    StakeHistory h = history.value();
    long ttl = 0;
    for (Settings v : versions) {
      ttl = Math.max(ttl, v.historyTtl().toMillis());
    }
    long expiry = h == null ? timestamp : h.lastAt + ttl;
    if (expiry <= timestamp) {
      history.clear();
      cleanupAt.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(expiry);
      cleanupAt.update(expiry);
    }
  }
}
