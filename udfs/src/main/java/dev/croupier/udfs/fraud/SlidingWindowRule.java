package dev.croupier.udfs.fraud;

import dev.croupier.udfs.fraud.live.LiveRuleFunction;
import dev.croupier.udfs.fraud.live.RuleVersions;
import dev.croupier.udfs.fraud.rules.FraudRule;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Base of the rules that look at a key's events within a sliding event-time window ("within 10 s",
 * "within 1 h"). Keeps the events of the longest window of any running version (inclusive: an event
 * exactly a window older than the newest one still counts), so each version judges the tail within
 * its own window; a version with a longer window than the state holds judges fully once that much
 * history has passed. One clean-up timer per key clears the state once the watermark is a full
 * (longest) window past the newest event. Input must come from an {@link EventTimeSorter}.
 */
public abstract class SlidingWindowRule<S extends FraudRule.Settings> extends LiveRuleFunction<S> {
  private static final long serialVersionUID = 1L;

  /**
   * Bound on the events one key's window holds, against pathological keys; far above any rule's
   * need.
   */
  public static final int MAX_EVENTS = 10_000;

  private transient ValueState<SlidingWindow> recent;
  private transient ValueState<Long> cleanupAt;

  protected SlidingWindowRule(RuleVersions<S> rule) {
    super(rule);
  }

  /** The window of one version, in ms. */
  protected abstract long windowMs(S version);

  /** Whether {@code e} joins the window; others only trigger {@link #onEvent}. */
  protected boolean joinsWindow(PlayerEvent e) {
    return true;
  }

  /**
   * Called for every input event after the window was updated with it (if it joins), with the
   * running versions (at least one).
   */
  protected abstract void onEvent(
      PlayerEvent e, SlidingWindow window, List<S> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception;

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    recent =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("recent", Types.POJO(SlidingWindow.class)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  protected final void onEvent(PlayerEvent e, List<S> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    if (versions.isEmpty()) {
      return;
    }
    long keep = longestWindow(versions);
    SlidingWindow w = recent.value();
    if (w == null) {
      w = new SlidingWindow();
    }
    if (joinsWindow(e)) {
      w.add(e);
    }
    w.evictBefore(e.occurredAt - keep);
    w.capAt(MAX_EVENTS);
    onEvent(e, w, versions, ctx, out);
    w.keepFiringOf(versions.stream().map(v -> v.rule().version()).toList());
    if (w.isEmpty()) {
      recent.clear();
      return;
    }
    recent.update(w);
    if (cleanupAt.value() == null) {
      long at = w.newestAt() + keep;
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  @Override
  protected void onTimer(long timestamp, List<S> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    SlidingWindow w = recent.value();
    long keep = longestWindow(versions);
    if (w == null || w.isEmpty() || w.newestAt() + keep <= timestamp) {
      // Any later event is more than a window after everything held: nothing can count any more.
      recent.clear();
      cleanupAt.clear();
      return;
    }
    long at = w.newestAt() + keep;
    ctx.timerService().registerEventTimeTimer(at);
    cleanupAt.update(at);
  }

  private long longestWindow(List<S> versions) {
    long most = 0;
    for (S v : versions) {
      most = Math.max(most, windowMs(v));
    }
    return most;
  }
}
