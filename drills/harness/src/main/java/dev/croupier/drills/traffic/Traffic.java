package dev.croupier.drills.traffic;

import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.simulator.SimulationStats;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.sink.EventLogSink;
import dev.croupier.simulator.sink.EventSink;
import dev.croupier.simulator.sink.GroundTruthFile;
import dev.croupier.simulator.sink.KafkaEventSink;
import dev.croupier.simulator.sink.WireEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator sending a labelled run to Kafka from a thread of its own, through the registry,
 * while it writes the event log (exactly what was sent) and the ground truth the oracles read. The
 * producer is idempotent with generous time-outs, so it rides through a broker restart.
 */
public final class Traffic implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);

  private final TrafficSettings settings;
  private final Simulator simulator;
  private final Path eventLog;
  private final Path groundTruth;
  private final long expectedEvents;
  private final SchemaRegistryClient registry;
  private final KafkaEventSink kafka;
  private final EventLogSink log;
  private final GroundTruthFile truth;
  private final Thread thread;
  private volatile SimulationStats finalStats;
  private volatile RuntimeException failure;

  /** Prepares a run to {@code bootstrap}; {@link #start()} sends it. */
  public Traffic(
      TrafficSettings settings,
      String bootstrap,
      String registryUrl,
      Path dir,
      RecordMutator mutator) {
    this.settings = settings;
    this.simulator = settings.simulator().simulator();
    this.eventLog = dir.resolve("events.jsonl");
    this.groundTruth = dir.resolve("ground-truth.jsonl");
    this.expectedEvents = count(settings);
    this.registry = SchemaRegistryClient.create(RegistryConfig.of(registryUrl));
    this.kafka =
        KafkaEventSink.create(
            bootstrap,
            Map.of(
                // A broker restart takes seconds: keep retrying the batches meanwhile.
                "delivery.timeout.ms", "600000",
                "request.timeout.ms", "30000",
                "max.block.ms", "600000",
                "buffer.memory", String.valueOf(128L << 20)),
            new WireEncoder(registry, SchemaRegistration.REGISTER));
    this.log = new EventLogSink(eventLog);
    this.truth = new GroundTruthFile(groundTruth);
    EventSink sink = mutating(EventSink.tee(kafka, log), mutator);
    this.thread =
        new Thread(
            () -> {
              try {
                finalStats = simulator.run(sink, truth);
              } catch (RuntimeException e) {
                failure = e;
                LOG.error("Traffic failed", e);
              }
            },
            "drill-traffic");
    thread.setDaemon(true);
  }

  private static EventSink mutating(EventSink sink, RecordMutator mutator) {
    if (mutator == RecordMutator.NONE) {
      return sink;
    }
    return new EventSink() {
      @Override
      public void accept(SimEvent e) {
        sink.accept(e);
        SimEvent mutant = mutator.mutantOf(e);
        if (mutant != null) {
          sink.accept(mutant);
        }
      }

      @Override
      public void flush() {
        sink.flush();
      }

      @Override
      public void close() {
        sink.close();
      }
    };
  }

  /** How many events the run sends: the simulator is deterministic, so it is counted first. */
  private static long count(TrafficSettings settings) {
    long n = 0;
    Iterator<SimEvent> events = settings.simulator().simulator().events(label -> {});
    while (events.hasNext()) {
      events.next();
      n++;
    }
    return n;
  }

  public Traffic start() {
    thread.start();
    return this;
  }

  public TrafficSettings settings() {
    return settings;
  }

  public long expectedEvents() {
    return expectedEvents;
  }

  /** Events sent so far. */
  public long sent() {
    return stats().events();
  }

  public SimulationStats stats() {
    SimulationStats s = finalStats;
    return s != null ? s : simulator.stats();
  }

  public boolean finished() {
    return thread.getState() == Thread.State.TERMINATED;
  }

  /** Waits until at least {@code fraction} of the run was sent (or it ended). */
  public void awaitSent(double fraction) throws InterruptedException {
    long target = (long) Math.ceil(expectedEvents * fraction);
    while (!finished() && sent() < target) {
      Thread.sleep(100);
    }
    throwIfFailed();
  }

  /** Waits for the end of the run (everything sent and flushed). */
  public SimulationStats awaitFinished(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new IllegalStateException("the traffic did not finish within " + timeout);
    }
    throwIfFailed();
    return finalStats;
  }

  private void throwIfFailed() {
    if (failure != null) {
      throw new IllegalStateException(
          "the simulated traffic failed: " + failure.getMessage(), failure);
    }
  }

  public Path eventLog() {
    return eventLog;
  }

  public Path groundTruth() {
    return groundTruth;
  }

  /** Stops sending (if still running) and closes the sinks; never throws. */
  @Override
  public void close() {
    simulator.stop();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (AutoCloseable c : new AutoCloseable[] {truth, log, kafka, registry}) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly", c, e);
      }
    }
  }
}
