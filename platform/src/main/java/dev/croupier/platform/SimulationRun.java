package dev.croupier.platform;

import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.simulator.SimulationStats;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventLogSink;
import dev.croupier.simulator.sink.EventSink;
import dev.croupier.simulator.sink.GroundTruthFile;
import dev.croupier.simulator.sink.KafkaEventSink;
import dev.croupier.simulator.sink.WireEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator running in a thread of its own, sending to Kafka through the registry (and, if
 * asked, to an event-log file), keeping the ground truth in memory (and, if asked, in a file).
 */
final class SimulationRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulationRun.class);

  private final Simulator simulator;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<ScenarioLabel> labels = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile SimulationStats finalStats;
  private volatile RuntimeException failure;

  SimulationRun(PlatformSettings settings, PlatformServices services) {
    this.simulator = settings.simulator().simulator();
    SchemaRegistryClient registry =
        SchemaRegistryClient.create(RegistryConfig.of(services.registryUrl()));
    resources.add(registry);
    List<EventSink> sinks = new ArrayList<>();
    if (settings.eventLog() != null) {
      sinks.add(opened(new EventLogSink(settings.eventLog())));
    }
    sinks.add(
        opened(
            KafkaEventSink.create(
                services.kafkaBootstrap(),
                Map.of(),
                new WireEncoder(registry, SchemaRegistration.REGISTER))));
    GroundTruthFile truthFile =
        settings.groundTruth() == null ? null : opened(new GroundTruthFile(settings.groundTruth()));
    EventSink sink = EventSink.tee(sinks.toArray(EventSink[]::new));
    this.thread =
        new Thread(
            () -> {
              try {
                finalStats =
                    simulator.run(
                        sink,
                        label -> {
                          labels.add(label);
                          if (truthFile != null) {
                            truthFile.accept(label);
                          }
                        });
              } catch (RuntimeException e) {
                failure = e;
                LOG.error("Simulation failed", e);
              }
            },
            "simulator");
    thread.setDaemon(true);
  }

  private <T extends AutoCloseable> T opened(T resource) {
    resources.add(resource);
    return resource;
  }

  SimulationRun start() {
    thread.start();
    return this;
  }

  /** Whether the simulation is over (its span, a stop or a failure). */
  boolean finished() {
    return !thread.isAlive() && thread.getState() != Thread.State.NEW;
  }

  /** Waits up to {@code millis} for the end; true if it ended. */
  boolean await(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return !thread.isAlive();
  }

  /** Asks the simulator to stop after the current event and waits for it to flush. */
  SimulationStats stop() throws InterruptedException {
    simulator.stop();
    thread.join(TimeUnit.SECONDS.toMillis(60));
    if (failure != null) {
      throw failure;
    }
    return stats();
  }

  SimulationStats stats() {
    SimulationStats s = finalStats;
    return s != null ? s : simulator.stats();
  }

  /** The background (organic) population's size. */
  int players() {
    return simulator.settings().players();
  }

  /** The scenarios labelled so far (each once its trigger event was sent). */
  List<ScenarioLabel> labels() {
    return List.copyOf(labels);
  }

  /** Closes the sinks (Kafka flushed) and the registry client, newest first. */
  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly", resources.get(i), e);
      }
    }
    resources.clear();
  }
}
