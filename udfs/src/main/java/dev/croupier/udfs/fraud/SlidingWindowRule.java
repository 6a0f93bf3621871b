package dev.croupier.udfs.fraud;

import dev.croupier.udfs.fraud.live.RuleVersions;
import dev.croupier.udfs.fraud.rules.FraudRule;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A {@link WindowRule} whose window keeps whole events (state {@code recent}, a {@link
 * SlidingWindow}): for rules that read many fields of an event or match sequences of them.
 */
public abstract class SlidingWindowRule<S extends FraudRule.Settings>
    extends WindowRule<S, SlidingWindow> {
  private static final long serialVersionUID = 1L;

  private transient ValueState<SlidingWindow> recent;

  protected SlidingWindowRule(RuleVersions<S> rule) {
    super(rule);
  }

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
  }

  @Override
  protected final SlidingWindow newWindow() {
    return new SlidingWindow();
  }

  @Override
  protected final SlidingWindow window() throws Exception {
    return recent.value();
  }

  @Override
  protected final void updateWindow(SlidingWindow window) throws Exception {
    recent.update(window);
  }

  @Override
  protected final void clearWindow() {
    recent.clear();
  }

  @Override
  protected final void add(SlidingWindow window, PlayerEvent e) {
    if (joinsWindow(e)) {
      window.add(e);
    }
  }

  @Override
  protected final void onEvent(
      PlayerEvent e,
      SlidingWindow window,
      long keep,
      List<S> versions,
      ReadOnlyContext ctx,
      Alerts out)
      throws Exception {
    onEvent(e, window, versions, ctx, out);
  }
}
