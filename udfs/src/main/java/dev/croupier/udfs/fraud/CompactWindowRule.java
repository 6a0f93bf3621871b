package dev.croupier.udfs.fraud;

import dev.croupier.udfs.fraud.live.RuleVersions;
import dev.croupier.udfs.fraud.rules.FraudRule;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A {@link WindowRule} whose window keeps compact records ({@link CompactWindow}) instead of whole
 * events: the same window, eviction, bound, clean-up timer and per-version rise tracking as a
 * {@link SlidingWindowRule}, with a fraction of the state. The function keeps its operator uid: a
 * key restored from a savepoint of the whole-event layout (state {@code recent}) is converted on
 * its first event or timer, and that old state is then cleared.
 */
public abstract class CompactWindowRule<S extends FraudRule.Settings, W extends CompactWindow>
    extends WindowRule<S, W> {
  private static final long serialVersionUID = 1L;

  private final String stateName;
  private final TypeInformation<W> type;
  private transient ValueState<W> window;
  private transient ValueState<SlidingWindow> wholeEvents;

  protected CompactWindowRule(RuleVersions<S> rule, String stateName, TypeInformation<W> type) {
    super(rule);
    this.stateName = stateName;
    this.type = type;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    window = getRuntimeContext().getState(new ValueStateDescriptor<>(stateName, type));
    // The whole-event layout of savepoints taken before the compact one: read once, then cleared.
    wholeEvents =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("recent", Types.POJO(SlidingWindow.class)));
  }

  /**
   * This key's window, converted (and stored in the compact layout) if a savepoint of the
   * whole-event layout restored it.
   */
  @Override
  protected final W window() throws Exception {
    SlidingWindow old = wholeEvents.value();
    if (old == null) {
      return window.value();
    }
    W converted = newWindow();
    for (PlayerEvent e : old.events) {
      add(converted, e);
    }
    converted.firingVersions.addAll(old.firingVersions);
    wholeEvents.clear();
    // An empty conversion still carries the firing versions; the event or timer stores or clears
    // it.
    if (!converted.isEmpty()) {
      window.update(converted);
    }
    return converted;
  }

  @Override
  protected final void updateWindow(W w) throws Exception {
    window.update(w);
  }

  @Override
  protected final void clearWindow() {
    window.clear();
  }
}
