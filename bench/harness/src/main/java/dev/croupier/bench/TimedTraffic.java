package dev.croupier.bench;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.SimulatorSettings;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.sink.EventSink;
import dev.croupier.simulator.sink.KafkaEventSink;
import dev.croupier.simulator.sink.WireEncoder;
import java.util.Map;

/**
 * The simulator sending at a fixed rate while the bench notes, per event id, when it handed the
 * event to the Kafka producer ({@link System#nanoTime()}, in this process, like every observation
 * it is compared with), and which wagered board each stake should reach.
 */
final class TimedTraffic {
  private TimedTraffic() {}

  /**
   * Sends {@code settings}' run (blocking) until its end or {@code maxEvents} events (0: no limit);
   * returns the events sent, the sending time (ns) and the event time it covered (ms).
   */
  static long[] send(
      SimulatorSettings settings,
      String bootstrap,
      String registryUrl,
      int step,
      EffectWatch watch,
      long maxEvents) {
    Simulator simulator = settings.simulator();
    try (SchemaRegistryClient registry =
            SchemaRegistryClient.create(RegistryConfig.of(registryUrl));
        KafkaEventSink kafka =
            KafkaEventSink.create(
                bootstrap,
                // A low-latency producer, as a platform sending live events would use.
                Map.of("linger.ms", "5", "client.id", "croupier-bench-latency"),
                new WireEncoder(registry, SchemaRegistration.REGISTER))) {
      EventSink timed =
          new EventSink() {
            private long accepted;

            @Override
            public void accept(SimEvent e) {
              if (++accepted == maxEvents) {
                simulator.stop(); // this event is the last one sent
              }
              String id = e.eventId();
              if (id != null && !e.isBad()) {
                long now = System.nanoTime();
                watch.sent(id, now, step);
                if (e.value() instanceof BetPlaced bet && bet.getStake() > 0) {
                  watch.stakeSent(bet.getUserId(), bet.getOccurredAt().toEpochMilli(), now, step);
                }
              }
              kafka.accept(e);
            }

            @Override
            public void flush() {
              kafka.flush();
            }
          };
      long start = System.nanoTime();
      var stats = simulator.run(timed, label -> {});
      timed.flush();
      return new long[] {
        stats.events(), System.nanoTime() - start, stats.lastEventAt() - settings.startMillis()
      };
    } catch (Exception e) {
      throw new IllegalStateException("the timed traffic failed: " + e.getMessage(), e);
    }
  }
}
