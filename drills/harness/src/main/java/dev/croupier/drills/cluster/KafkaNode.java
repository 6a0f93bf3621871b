package dev.croupier.drills.cluster;

import dev.croupier.drills.process.ChildProcess;
import dev.croupier.drills.process.Exec;
import dev.croupier.drills.process.JavaCommand;
import dev.croupier.drills.process.Locations;
import dev.croupier.drills.process.Waits;
import dev.croupier.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker as a process of its own: KRaft in combined mode (one broker and controller), its
 * storage formatted with {@code kafka.tools.StorageTool}, run by {@code kafka.Kafka} from the
 * kafka_2.13 classpath, listening on loopback ports that stay the same across restarts. Internal
 * topics are sized for one broker so transactions (the exactly-once sinks) work.
 */
public final class KafkaNode implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final int port;
  private final String classpath;
  private ChildProcess process;
  private int starts;

  private KafkaNode(Path dir, int port, String classpath) {
    this.dir = dir;
    this.port = port;
    this.classpath = classpath;
  }

  /** Formats a new broker under {@code dir} and starts it. */
  public static KafkaNode start(Path dir) throws InterruptedException {
    int[] ports = LoopbackPorts.free(2);
    KafkaNode node = new KafkaNode(dir, ports[0], Locations.kafkaClasspath());
    node.format(ports[1]);
    node.startProcess();
    return node;
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public ChildProcess process() {
    return process;
  }

  /**
   * {@code kill -9} of the broker: unflushed page-cache data survives, as after a process crash.
   */
  public void kill() {
    process.kill();
  }

  /** Starts the broker again on its data and its ports; returns once it answers. */
  public void restart() throws InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the Kafka broker is still running: " + process);
    }
    startProcess();
  }

  private void format(int controllerPort) {
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(dir.resolve("server.properties"), serverProperties(controllerPort));
      Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Kafka configuration under " + dir, e);
    }
    Exec.Result r =
        Exec.run(
            command("kafka.tools.StorageTool")
                .args(
                    "format",
                    "--cluster-id",
                    Uuid.randomUuid().toString(),
                    "--config",
                    dir.resolve("server.properties").toString())
                .toList(),
            dir,
            dir.resolve("kafka.log"),
            Map.of(),
            Duration.ofSeconds(120));
    if (!r.ok()) {
      throw new IllegalStateException("formatting the Kafka storage failed:\n" + r.output());
    }
  }

  private void startProcess() throws InterruptedException {
    starts++;
    process =
        ChildProcess.start(
            "kafka",
            command("kafka.Kafka").args(dir.resolve("server.properties").toString()).toList(),
            dir,
            dir.resolve("kafka.log"),
            Map.of());
    Waits.until(
        "Kafka answering on " + bootstrapServers() + " (start " + starts + ")",
        START_TIMEOUT,
        Duration.ofMillis(500),
        () -> {
          if (!process.isAlive()) {
            throw new Waits.Hopeless(
                "the Kafka broker exited with " + process.exitValue() + ":\n" + process.tail(30));
          }
          return answers();
        },
        () -> process.tail(30));
  }

  private boolean answers() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    }
  }

  private JavaCommand command(String main) {
    return new JavaCommand(classpath, main)
        .jvm(
            "-Xms256m",
            "-Xmx768m",
            "-XX:+UseG1GC",
            "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
  }

  private String serverProperties(int controllerPort) {
    return String.join(
        "\n",
        List.of(
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "num.partitions=2",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=4",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            ""));
  }

  private static final String LOG4J =
      String.join(
          "\n",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.out.ref = out",
          "appender.out.type = Console",
          "appender.out.name = out",
          "appender.out.layout.type = PatternLayout",
          "appender.out.layout.pattern = [%d] %p %m (%c)%n",
          "logger.state.name = state.change.logger",
          "logger.state.level = WARN",
          "logger.request.name = kafka.request.logger",
          "logger.request.level = WARN",
          "");

  /** Stops the broker (TERM, a clean shutdown); never throws. */
  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
    }
  }
}
