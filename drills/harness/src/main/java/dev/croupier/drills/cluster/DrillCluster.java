package dev.croupier.drills.cluster;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.testkit.ApicurioRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the jobs run on, each a process of its own on loopback: a Kafka broker, a Redis
 * server, the Apicurio registry and a standalone Flink cluster. The reusable entry point of the
 * drills and the benchmarks: start it, create the topics, submit jars through {@link
 * FlinkCluster#cli()}, watch through {@link FlinkCluster#rest()}, kill and restart processes.
 * {@link #close()} stops everything it started, by pid, whatever state it is in.
 */
public final class DrillCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DrillCluster.class);

  private final Path dir;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Thread shutdownHook = new Thread(this::close, "drill-cluster-shutdown");
  private KafkaNode kafka;
  private RedisNode redis;
  private ApicurioRegistry registry;
  private FlinkCluster flink;
  private volatile boolean closed;

  private DrillCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts the services and the Flink cluster under {@code dir}; {@code say} hears each step. */
  public static DrillCluster start(Path dir, FlinkSettings flink, Consumer<String> say)
      throws InterruptedException {
    DrillCluster c = new DrillCluster(dir);
    Runtime.getRuntime().addShutdownHook(c.shutdownHook);
    say.accept(
        "Starting Kafka (KRaft), Redis, the Apicurio registry and Flink (a JobManager and "
            + flink.taskManagers()
            + " TaskManagers of "
            + flink.slotsPerTaskManager()
            + " slots), each a process of its own...");
    // Side by side: on two cores this halves the start-up.
    ExecutorService starters = Executors.newFixedThreadPool(4);
    try {
      Future<KafkaNode> kafka = starters.submit(() -> c.own(KafkaNode.start(dir.resolve("kafka"))));
      Future<RedisNode> redis = starters.submit(() -> c.own(RedisNode.start(dir.resolve("redis"))));
      Future<ApicurioRegistry> registry = starters.submit(() -> c.own(ApicurioRegistry.start()));
      Future<FlinkCluster> cluster =
          starters.submit(() -> c.own(FlinkCluster.start(dir.resolve("flink"), flink)));
      c.kafka = get(kafka);
      c.redis = get(redis);
      c.registry = get(registry);
      c.flink = get(cluster);
      say.accept("Cluster ready: Flink web UI " + c.flink.webUi());
      return c;
    } catch (RuntimeException | InterruptedException e) {
      starters.shutdownNow();
      awaitQuietly(starters);
      c.close();
      throw e;
    } finally {
      starters.shutdown();
    }
  }

  private static <T> T get(Future<T> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r
          ? r
          : new IllegalStateException(cause.getMessage(), cause);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(3, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized <T extends AutoCloseable> T own(T service) {
    if (closed) {
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly", service, e);
      }
      throw new IllegalStateException("the cluster was closed while it started");
    }
    started.push(service);
    return service;
  }

  public Path dir() {
    return dir;
  }

  public KafkaNode kafka() {
    return kafka;
  }

  public RedisNode redis() {
    return redis;
  }

  public String registryUrl() {
    return registry.confluentApiUrl();
  }

  /** The registry's process id: it runs in a JVM of its own, like every service here. */
  public long registryPid() {
    return registry.pid();
  }

  public FlinkCluster flink() {
    return flink;
  }

  /**
   * Creates Croupier's topics with {@code partitions} partitions each; platform.balances compacted.
   */
  public List<String> createTopics(int partitions) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      NewTopic t = new NewTopic(topic.name(), Optional.of(partitions), Optional.empty());
      if (topic == Topics.BALANCES) {
        t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      topics.add(t);
    }
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
    return topics.stream().map(NewTopic::name).toList();
  }

  /** An admin client of the broker; callers close it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  /** Stops Flink, the registry, Redis and Kafka, newest first; never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable service = started.pop();
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly", service, e);
      }
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs close() anyway and finds it done
      }
    }
  }
}
