package dev.croupier.udfs.classloading;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.junit.jupiter.api.Test;

class ReleasingSourceTest {

  @Test
  void shouldBeItsDelegateToFlinkAndWrapOnlyTheEnumerator() throws Exception {
    NumberSequenceSource numbers = new NumberSequenceSource(1, 10);
    ReleasingSource<Long, NumberSequenceSource.NumberSequenceSplit, ?> source =
        new ReleasingSource<>(numbers);

    assertThat(source.getProducedType()).isEqualTo(Types.LONG);
    assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
    assertThat(source.getSplitSerializer()).isInstanceOf(numbers.getSplitSerializer().getClass());
    SplitEnumerator<NumberSequenceSource.NumberSequenceSplit, ?> enumerator =
        source.createEnumerator(context());
    assertThat(enumerator).isInstanceOf(ReleasingSource.Releasing.class);
    enumerator.close();
    assertThat(source.delegate()).isSameAs(numbers);
  }

  @Test
  void shouldLoadTheNamedClassesWhenItMakesTheEnumerator() throws Exception {
    ReleasingSource<Long, NumberSequenceSource.NumberSequenceSplit, ?> source =
        new ReleasingSource<>(
            new NumberSequenceSource(1, 10), LoadedOnlyOnClose.class.getName(), "no.such.Class");
    assertThat(LOADED).isFalse();

    source.createEnumerator(context()).close();

    // Loaded and initialised; a name that is not there does not stop the source
    assertThat(LOADED).isTrue();
  }

  /** Set when {@link LoadedOnlyOnClose} is initialised (reading a field of its own would do it). */
  private static final AtomicBoolean LOADED = new AtomicBoolean();

  /** Stands for a class a client first needs while it closes. */
  static final class LoadedOnlyOnClose {
    static {
      LOADED.set(true);
    }

    private LoadedOnlyOnClose() {}
  }

  @Test
  void shouldPassEveryCallToTheDelegatesEnumeratorAndCloseIt() throws Exception {
    List<String> calls = new ArrayList<>();
    @SuppressWarnings("unchecked")
    SplitEnumerator<NumberSequenceSource.NumberSequenceSplit, Object> delegate =
        (SplitEnumerator<NumberSequenceSource.NumberSequenceSplit, Object>)
            Proxy.newProxyInstance(
                ReleasingSourceTest.class.getClassLoader(),
                new Class<?>[] {SplitEnumerator.class},
                (proxy, method, args) -> {
                  calls.add(method.getName());
                  return method.getName().equals("snapshotState") ? "state" : null;
                });
    var enumerator = new ReleasingSource.Releasing<>(delegate);

    enumerator.start();
    enumerator.handleSplitRequest(0, "host");
    enumerator.addSplitsBack(List.of(), 0);
    enumerator.addReader(1);
    assertThat(enumerator.snapshotState(7)).isEqualTo("state");
    enumerator.notifyCheckpointComplete(7);
    enumerator.handleSourceEvent(0, new SourceEvent() {});
    enumerator.close();

    assertThat(calls)
        .containsExactly(
            "start",
            "handleSplitRequest",
            "addSplitsBack",
            "addReader",
            "snapshotState",
            "notifyCheckpointComplete",
            "handleSourceEvent",
            "close");
  }

  @SuppressWarnings("unchecked")
  private static SplitEnumeratorContext<NumberSequenceSource.NumberSequenceSplit> context() {
    return stub(SplitEnumeratorContext.class);
  }

  /** An interface's stub: 1 for ints, stubs for interfaces (a metric group...), else null. */
  private static <T> T stub(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            ReleasingSourceTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Class<?> r = method.getReturnType();
              if (r == int.class) {
                return 1;
              }
              return r.isInterface() ? stub(r) : null;
            }));
  }
}
