package dev.croupier.udfs.fraud.live;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.rules.FraudRule;
import dev.croupier.udfs.metrics.CroupierMetrics;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every rule's function: a keyed function on a timeline (the player's, or a link's)
 * connected to the broadcast {@code risk.rules} records the job accepted. A record of this rule
 * replaces the rule's entry in {@link LiveRules#STATE}; from the next event on, the versions it
 * names run ({@link RuleVersions#running}): each evaluates the event over the keyed state they all
 * share, and a rule keeps that state for the most any running version needs. So a change never
 * starts from empty state, and a case half-way through (a deposit awaiting its withdrawal, a burst
 * of failed logins) is judged by whichever version runs when it completes.
 *
 * <p>Alerts of an ACTIVE version go to the main output, those of a SHADOW version to {@link
 * LiveRules#SHADOW_ALERTS}; each carries its version. Metrics (group {@code croupier.rule.<id>}):
 * {@code version} and {@code shadowVersion} (0: none) of what runs, {@code applyLagMs}: from a
 * record's timestamp on risk.rules to this operator applying it.
 */
public abstract class LiveRuleFunction<S extends FraudRule.Settings>
    extends KeyedBroadcastProcessFunction<String, PlayerEvent, RuleConfig, FraudAlert> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LiveRuleFunction.class);

  protected final RuleVersions<S> rule;
  private transient Running<S> running;
  private transient volatile long appliedVersion;
  private transient volatile long appliedShadowVersion;
  private transient volatile long applyLagMs;

  protected LiveRuleFunction(RuleVersions<S> rule) {
    this.rule = rule;
  }

  /**
   * Handles {@code e} with the versions that run, primary first (none when the rule is off: then
   * nothing needs doing, and state left from before is dropped by the function's timers).
   */
  protected abstract void onEvent(PlayerEvent e, List<S> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception;

  /** Handles a timer (clean-up) with the versions that run. */
  protected void onTimer(long timestamp, List<S> versions, OnTimerContext ctx, Alerts out)
      throws Exception {}

  /** Registers the function's state; subclasses call it first. */
  @Override
  public void open(OpenContext openContext) throws Exception {
    running = null;
    Running<S> file = rule.fileVersions();
    appliedVersion = file.primary().rule().version();
    appliedShadowVersion = file.shadow() == null ? 0 : file.shadow().rule().version();
    MetricGroup g =
        CroupierMetrics.of(getRuntimeContext().getMetricGroup()).addGroup("rule", rule.id().id());
    g.gauge("version", (Gauge<Long>) () -> appliedVersion);
    g.gauge("shadowVersion", (Gauge<Long>) () -> appliedShadowVersion);
    g.gauge("applyLagMs", (Gauge<Long>) () -> applyLagMs);
  }

  @Override
  public final void processBroadcastElement(
      RuleConfig config, Context ctx, Collector<FraudAlert> out) throws Exception {
    if (!config.getRuleId().equals(rule.id().id())) {
      return;
    }
    ctx.getBroadcastState(LiveRules.STATE).put(config.getRuleId(), config);
    running = rule.running(config);
    appliedVersion = running.primary().rule().version();
    appliedShadowVersion = running.shadow() == null ? 0 : running.shadow().rule().version();
    Long at = ctx.timestamp();
    if (at != null && at > 0) {
      applyLagMs = Math.max(0, System.currentTimeMillis() - at);
    }
    LOG.info("Rule {} now runs {}", rule.id(), running);
  }

  @Override
  public final void processElement(PlayerEvent e, ReadOnlyContext ctx, Collector<FraudAlert> out)
      throws Exception {
    onEvent(e, running(ctx.getBroadcastState(LiveRules.STATE)).versions(), ctx, alerts(ctx, out));
  }

  @Override
  public final void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudAlert> out)
      throws Exception {
    onTimer(
        timestamp,
        running(ctx.getBroadcastState(LiveRules.STATE)).versions(),
        ctx,
        alerts(ctx, out));
  }

  /** What runs: resolved once after a start or a restore, then on every accepted record. */
  protected final Running<S> running(ReadOnlyBroadcastState<String, RuleConfig> state)
      throws Exception {
    if (running == null) {
      running = rule.running(state.get(rule.id().id()));
    }
    return running;
  }

  private Alerts alerts(ReadOnlyContext ctx, Collector<FraudAlert> out) {
    return new Alerts(out, ctx::output);
  }

  /** Where a version's alerts go: the main output, or the shadow side output. */
  public static final class Alerts {
    /** Emits to a side output. */
    public interface SideOutput {
      void output(OutputTag<FraudAlert> tag, FraudAlert alert);
    }

    private final Collector<FraudAlert> main;
    private final SideOutput side;

    public Alerts(Collector<FraudAlert> main, SideOutput side) {
      this.main = main;
      this.side = side;
    }

    /** Emits {@code alert} of the version {@code rule}: a SHADOW version's to the shadow output. */
    public void emit(RuleSettings rule, FraudAlert alert) {
      if (rule.shadow()) {
        side.output(LiveRules.SHADOW_ALERTS, alert);
      } else {
        main.collect(alert);
      }
    }
  }
}
