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
 * The event and timer flow of every rule over a sliding event-time window ("within 10 s", "within 1
 * h"), whatever its window keeps ({@link SlidingWindowRule}: whole events; {@link
 * CompactWindowRule}: compact columns). The window holds the longest window of any running version
 * (inclusive: a record exactly a window older than the newest one still counts), so each version
 * judges the tail within its own window; a version with a longer window than the state holds judges
 * fully once that much history has passed. One clean-up timer per key (state {@code cleanup-at})
 * clears the window once the watermark is a full (longest) window past the newest record. Input
 * must come from an {@link EventTimeSorter}.
 */
public abstract class WindowRule<S extends FraudRule.Settings, W extends RuleWindow>
    extends LiveRuleFunction<S> {
  private static final long serialVersionUID = 1L;

  /**
   * Bound on the records one key's window holds, against pathological keys; far above any rule's
   * need.
   */
  public static final int MAX_EVENTS = 10_000;

  private transient ValueState<Long> cleanupAt;

  protected WindowRule(RuleVersions<S> rule) {
    super(rule);
  }

  /** The window of one version, in ms. */
  protected abstract long windowMs(S version);

  /** An empty window. */
  protected abstract W newWindow();

  /** This key's window, or null when it holds none. */
  protected abstract W window() throws Exception;

  /** Stores this key's (non-empty) window. */
  protected abstract void updateWindow(W window) throws Exception;

  /** Drops this key's window. */
  protected abstract void clearWindow() throws Exception;

  /** Adds what the window keeps of {@code e}, if anything. */
  protected abstract void add(W window, PlayerEvent e);

  /**
   * Called for every input event after it was added and the window was evicted to {@code keep} (the
   * longest running window), with the running versions (at least one).
   */
  protected abstract void onEvent(
      PlayerEvent e, W window, long keep, List<S> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception;

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  protected final void onEvent(PlayerEvent e, List<S> versions, ReadOnlyContext ctx, Alerts out)
      throws Exception {
    if (versions.isEmpty()) {
      return;
    }
    long keep = longestWindow(versions);
    W w = window();
    if (w == null) {
      w = newWindow();
    }
    add(w, e);
    w.evictBefore(e.occurredAt - keep);
    w.capAt(MAX_EVENTS);
    onEvent(e, w, keep, versions, ctx, out);
    if (w.remembersVersions()) { // usually not: no list built per event then
      w.keepFiringOf(versions.stream().map(v -> v.rule().version()).toList());
    }
    if (w.isEmpty()) {
      clearWindow();
      return;
    }
    updateWindow(w);
    if (cleanupAt.value() == null) {
      long at = w.newestAt() + keep;
      ctx.timerService().registerEventTimeTimer(at);
      cleanupAt.update(at);
    }
  }

  @Override
  protected void onTimer(long timestamp, List<S> versions, OnTimerContext ctx, Alerts out)
      throws Exception {
    W w = window();
    long keep = longestWindow(versions);
    if (w == null || w.isEmpty() || w.newestAt() + keep <= timestamp) {
      // Any later event is more than a window after everything held: nothing can count any more.
      clearWindow();
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
