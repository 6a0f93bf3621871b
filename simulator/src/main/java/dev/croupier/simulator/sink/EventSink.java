package dev.croupier.simulator.sink;

import dev.croupier.simulator.event.SimEvent;

/**
 * Where simulated events go: Kafka, an event-log file, a list in memory, or several at once ({@link
 * #tee}). Called from one thread, in event-time order.
 */
public interface EventSink extends AutoCloseable {

  void accept(SimEvent event);

  /** Makes everything accepted so far durable (sent, written); fails if some of it could not be. */
  default void flush() {}

  @Override
  default void close() {}

  /** A sink that hands every event to each of {@code sinks} in turn. */
  static EventSink tee(EventSink... sinks) {
    return new EventSink() {
      @Override
      public void accept(SimEvent event) {
        for (EventSink s : sinks) {
          s.accept(event);
        }
      }

      @Override
      public void flush() {
        for (EventSink s : sinks) {
          s.flush();
        }
      }

      @Override
      public void close() {
        RuntimeException failure = null;
        for (EventSink s : sinks) {
          try {
            s.close();
          } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
          }
        }
        if (failure != null) {
          throw failure;
        }
      }
    };
  }
}
