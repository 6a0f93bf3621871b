package dev.croupier.platform;

import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three services the jobs need: Kafka, the schema registry and Redis. Each is either started
 * here (in-process KRaft broker, Apicurio in a child JVM, redis-server child process) or an
 * existing one given by address. {@link #close()} stops only what was started, in reverse order.
 */
public final class PlatformServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformServices.class);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private String kafkaBootstrap;
  private String registryUrl;
  private String redisHost;
  private int redisPort;

  private PlatformServices() {}

  /** Starts what {@code settings} does not point at; {@code progress} hears each step. */
  public static PlatformServices start(PlatformSettings settings, Consumer<String> progress) {
    PlatformServices s = new PlatformServices();
    try {
      s.kafkaBootstrap = settings.kafkaBootstrap();
      if (s.kafkaBootstrap == null) {
        progress.accept("Starting Kafka (KRaft, in-process)...");
        s.kafkaBootstrap = s.own(KafkaBroker.start()).bootstrapServers();
      }
      s.registryUrl = settings.registryUrl();
      if (s.registryUrl == null) {
        progress.accept("Starting the Apicurio schema registry (a child JVM, ~10 s)...");
        s.registryUrl = s.own(ApicurioRegistry.start()).confluentApiUrl();
      }
      s.redisHost = settings.redisHost();
      if (settings.redisPort() == null) {
        progress.accept("Starting Redis...");
        RedisServer redis = s.own(RedisServer.start());
        s.redisHost = redis.host();
        s.redisPort = redis.port();
      } else {
        s.redisPort = settings.redisPort();
      }
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private <T extends AutoCloseable> T own(T service) {
    started.push(service);
    return service;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public String registryUrl() {
    return registryUrl;
  }

  public String redisHost() {
    return redisHost;
  }

  public int redisPort() {
    return redisPort;
  }

  /** Stops the services started here, newest first; never throws. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable service = started.pop();
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly", service, e);
      }
    }
  }
}
