package dev.croupier.simulator;

import dev.croupier.simulator.engine.BadRecords;
import dev.croupier.simulator.engine.PlatformGenerator;
import dev.croupier.simulator.engine.World;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.scenario.ScenarioInjector;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventSink;
import java.util.Iterator;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates a gaming platform in-process: builds the population from the settings, generates its
 * events in event-time order with labelled fraud scenarios, paces them and hands them to a sink.
 *
 * <pre>{@code
 * Simulator sim = Simulator.builder().players(10_000).seed(7).fraudRate(0.01)
 *     .start(Instant.parse("2026-01-01T00:00:00Z")).duration(Duration.ofHours(1)).build();
 * SimulationStats stats = sim.run(sink, groundTruth);
 * }</pre>
 *
 * Same settings, same events, byte for byte. {@link #stop()} and {@link #stats()} may be called
 * from other threads while {@link #run} is running.
 */
public final class Simulator {
  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private final SimulatorSettings settings;
  private final RunCounters counters;
  private volatile boolean stopped;

  Simulator(SimulatorSettings settings) {
    this.settings = settings;
    this.counters = new RunCounters(settings.rules());
  }

  public static SimulatorSettings.Builder builder() {
    return SimulatorSettings.builder();
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /**
   * The events, unpaced and unsent, generated lazily; {@code groundTruth} receives each scenario's
   * label when its trigger event is returned. Every call starts a fresh, identical run.
   */
  public Iterator<SimEvent> events(Consumer<ScenarioLabel> groundTruth) {
    return generator(groundTruth).generator();
  }

  /**
   * Generates, paces and sends the whole run to {@code sink} (flushed at the end, not closed);
   * returns when the run's duration is over, {@link #stop()} was called or the thread interrupted.
   */
  public SimulationStats run(EventSink sink, Consumer<ScenarioLabel> groundTruth) {
    Run run =
        generator(
            label -> {
              counters.labelled(label);
              groundTruth.accept(label);
            });
    Pacer pacer =
        new Pacer(settings.startMillis(), settings.acceleration(), settings.ratePerSecond());
    LOG.info("Simulating {}", settings);
    long n = 0;
    try {
      while (!stopped && run.generator().hasNext()) {
        SimEvent e = run.generator().next();
        pacer.await(e.occurredAt());
        sink.accept(e);
        counters.sent(e);
        if ((++n & 0x3FF) == 0) {
          counters.progress(run.world().sessionsStarted(), run.injector().dropped());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.info("Simulation interrupted after {} events", n);
    } finally {
      counters.progress(run.world().sessionsStarted(), run.injector().dropped());
      counters.finished();
    }
    sink.flush();
    SimulationStats stats = counters.snapshot();
    LOG.info(
        "Simulation done: {} events, {} scenarios, {} bad records in {}",
        stats.events(),
        stats.scenarios(),
        stats.badRecords(),
        stats.wallTime());
    return stats;
  }

  /** Ends a running {@link #run} after the event being sent. */
  public void stop() {
    stopped = true;
  }

  /** Live statistics of the current (or last) {@link #run}. */
  public SimulationStats stats() {
    return counters.snapshot();
  }

  private Run generator(Consumer<ScenarioLabel> labels) {
    World world =
        new World(
            settings.seed(), settings.players(), settings.startMillis(), settings.endMillis());
    ScenarioInjector injector =
        new ScenarioInjector(
            settings.seed(),
            settings.fraudRate(),
            settings.scenarios(),
            settings.ruleBook(),
            labels);
    world.sessionListener(injector);
    BadRecords bad = new BadRecords(settings.seed(), settings.badRecordRate());
    return new Run(world, injector, new PlatformGenerator(world, bad));
  }

  private record Run(World world, ScenarioInjector injector, PlatformGenerator generator) {}
}
