package dev.croupier.simulator.cli;

import dev.croupier.schemas.registry.RestSchemaRegistryClient;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.TopicAdmin;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.simulator.SimulationStats;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.SimulatorSettings;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventLogSink;
import dev.croupier.simulator.sink.EventSink;
import dev.croupier.simulator.sink.GroundTruthFile;
import dev.croupier.simulator.sink.KafkaEventSink;
import dev.croupier.simulator.sink.WireEncoder;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The simulator's command line: simulates a gaming platform and sends its events to Kafka in the
 * Confluent wire format (and/or to an event-log file), writing the labelled fraud scenarios to a
 * ground-truth file. Ctrl-C stops cleanly after flushing. Exit codes: 0 done, 1 failed, 2 bad
 * usage.
 */
@Command(
    name = "croupier-simulator",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    version = "croupier-simulator 0.1.0",
    description = {
      "Simulates a gaming platform: players, sessions, bets, payments, logins, and "
          + "labelled fraud scenarios for every default rule. Same seed, same events."
    },
    footer = {
      "",
      "Without --bootstrap-servers nothing is sent to Kafka (use --event-log).",
      "Secrets: put SASL/TLS settings in --kafka-config FILE; the registry password comes from "
          + "CROUPIER_REGISTRY_PASSWORD. Secret values are never printed."
    })
public final class SimulatorCli implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SimulationOptions simulation;
  @Mixin OutputOptions output;

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "croupier-simulator-log4j2.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line, ready to {@code execute}; tests call it without exiting the JVM. */
  public static CommandLine commandLine() {
    return new CommandLine(new SimulatorCli());
  }

  @Override
  public Integer call() throws Exception {
    SimulatorSettings settings = simulation.settings(spec.commandLine());
    output.validate(spec.commandLine());
    PrintWriter out = spec.commandLine().getOut();
    Simulator simulator = settings.simulator();
    out.printf(
        "Simulating %,d players from %s for %s (seed %d, fraud rate %s)%n",
        settings.players(),
        settings.start(),
        settings.duration(),
        settings.seed(),
        settings.fraudRate());
    List<AutoCloseable> resources = new ArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              simulator.stop();
              awaitQuietly(finished);
            },
            "simulator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      EventSink sink = sinks(resources, out);
      Consumer<ScenarioLabel> truth = label -> {};
      if (output.groundTruth != null) {
        GroundTruthFile file = new GroundTruthFile(output.groundTruth);
        resources.add(file);
        truth = file;
      }
      SimulationStats stats = simulator.run(sink, truth);
      closeAll(resources);
      new StatsReport(stats).print(out);
      return 0;
    } finally {
      closeAll(resources);
      finished.countDown();
      removeHook(hook);
    }
  }

  private EventSink sinks(List<AutoCloseable> resources, PrintWriter out)
      throws InterruptedException {
    List<EventSink> sinks = new ArrayList<>();
    if (output.eventLog != null) {
      EventLogSink log = new EventLogSink(output.eventLog);
      resources.add(log);
      sinks.add(log);
      out.println("Event log: " + output.eventLog);
    }
    if (output.bootstrapServers != null) {
      var kafkaProperties = output.kafkaProperties();
      out.println(
          "Kafka: "
              + output.bootstrapServers
              + (kafkaProperties.isEmpty() ? "" : " with " + Secrets.masked(kafkaProperties))
              + "; registry: "
              + output.registryUrl);
      if (output.createTopics != null) {
        out.println(
            "Created topics: "
                + TopicAdmin.createMissing(
                    output.bootstrapServers, kafkaProperties, Topics.INPUTS, output.createTopics));
      }
      SchemaRegistryClient registry = new RestSchemaRegistryClient(output.registryConfig());
      resources.add(registry);
      SchemaRegistration registration =
          output.lookupOnly ? SchemaRegistration.LOOKUP_ONLY : SchemaRegistration.REGISTER;
      KafkaEventSink kafka =
          KafkaEventSink.create(
              output.bootstrapServers, kafkaProperties, new WireEncoder(registry, registration));
      resources.add(kafka);
      sinks.add(kafka);
    }
    // Each sink is closed through resources, in order; the tee itself only fans out and flushes.
    return EventSink.tee(sinks.toArray(EventSink[]::new));
  }

  /** Closes in reverse order of opening (Kafka before the registry it encodes with), once. */
  private static void closeAll(List<AutoCloseable> resources) throws Exception {
    Exception failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.remove(i).close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already exiting: the hook is running and waits for us
    }
  }

  static Instant defaultStart() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }
}
