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
 * A {@link SlidingWindowRule} whose window keeps compact records ({@link CompactWindow}) instead of
 * whole events: the same window, eviction, bound, clean-up timer and per-version rise tracking,
 * with a fraction of the state. The function keeps its operator uid: a key restored from a
 * savepoint of the whole-event layout (state {@code recent}) is converted on its first event or
 * timer, and that old state is then cleared.
 */
public abstract class CompactWindowRule<S extends FraudRule.Settings, W extends CompactWindow>
    extends LiveRuleFunction<S> {
  private static final long serialVersionUID = 1L;

  private final String stateName;
  private final Class<W> type;
  private transient ValueState<W> window;
  private transient ValueState<SlidingWindow> wholeEvents;
  private transient ValueState<Long> cleanupAt;

  protected CompactWindowRule(RuleVersions<S> rule, String stateName, Class<W> type) {
    super(rule);
    this.stateName = stateName;
    this.type = type;
  }

  /** The window of one version, in ms. */
  protected abstract long windowMs(S version);

  /** An empty window. */
  protected abstract W newWindow();

  /** Appends what the rule keeps of {@code e}. */
  protected abstract void add(W window, PlayerEvent e);

  /**
   * Called for every input event after it joined the window and the window was evicted to {@code
   * keep} (the longest running window), with the running versions (at least one).
   */
  protected abstract void onEvent(
      PlayerEvent e, W window, long keep, List<S> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception;

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    window = getRuntimeContext().getState(new ValueStateDescriptor<>(stateName, Types.POJO(type)));
    // The whole-event layout of savepoints taken before the compact one: read once, then cleared.
    wholeEvents =
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
    W w = current();
    if (w == null) {
      w = newWindow();
    }
    add(w, e);
    w.evictBefore(e.occurredAt - keep);
    w.capAt(SlidingWindowRule.MAX_EVENTS);
    onEvent(e, w, keep, versions, ctx, out);
    if (!w.firingVersions.isEmpty()) { // usually empty: no list built per event then
      w.keepFiringOf(versions.stream().map(v -> v.rule().version()).toList());
    }
    if (w.isEmpty()) {
      window.clear();
      return;
    }
    window.update(w);
    if (cleanupAt.value() == null) {
      long at = w.newestAt() + keep;
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  @Override
  protected void onTimer(long timestamp, List<S> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    W w = current();
    long keep = longestWindow(versions);
    if (w == null || w.isEmpty() || w.newestAt() + keep <= timestamp) {
      // Any later event is more than a window after everything held: nothing can count any more.
      window.clear();
      cleanupAt.clear();
      return;
    }
    window.update(w);
    long at = w.newestAt() + keep;
    ctx.timerService().registerEventTimeTimer(at);
    cleanupAt.update(at);
  }

  /** This key's window, converted from the whole-event layout if a savepoint of it restored it. */
  private W current() throws Exception {
    W w = window.value();
    SlidingWindow old = wholeEvents.value();
    if (old != null) {
      W converted = newWindow();
      for (PlayerEvent e : old.events) {
        add(converted, e);
      }
      converted.firingVersions.addAll(old.firingVersions);
      wholeEvents.clear();
      w = converted;
    }
    return w;
  }

  private long longestWindow(List<S> versions) {
    long most = 0;
    for (S v : versions) {
      most = Math.max(most, windowMs(v));
    }
    return most;
  }
}
