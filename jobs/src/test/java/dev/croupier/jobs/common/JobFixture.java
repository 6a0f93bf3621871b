package dev.croupier.jobs.common;

import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.TopicAdmin;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.simulator.sink.WireEncoder;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.udfs.config.ConfigValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import redis.clients.jedis.RedisClient;

/**
 * One job run in an integration test, isolated on the shared services by its name: its own topics
 * ({@code it-<name>.<topic id>}, {@value #PARTITIONS} partitions), consumer group, transactional
 * ids and Redis key prefix ({@code it-<name>:}). It produces through the simulator's wire encoder,
 * runs the job's own pipeline in the MiniCluster and reads back what the job committed. A test
 * builds the job's config from {@link #config}, then: {@code Sources.of(cfg, reading).read(env,
 * cfg)} → {@code build} → {@code sinkTo(…, Sinks.of(cfg))} → {@link #start}.
 */
public final class JobFixture implements AutoCloseable {
  /** Partitions of every topic, and the parallelism of every job. */
  public static final int PARTITIONS = 2;

  private final String name;
  private final KafkaBroker kafka;
  private final RedisServer redis;
  private final String registryUrl;
  private final List<AutoCloseable> open = new ArrayList<>();
  private SchemaRegistryClient registryClient;
  private WireEncoder encoder;
  private KafkaProducer<byte[], byte[]> producer;
  private RedisClient redisClient;
  private JobClient job;

  public JobFixture(String name, KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) {
    this.name = name;
    this.kafka = kafka;
    this.redis = redis;
    this.registryUrl = registry.confluentApiUrl();
  }

  /**
   * The MiniCluster every job IT runs on: one TaskManager with {@value #PARTITIONS} slots, so a job
   * at parallelism {@value #PARTITIONS} fits; {@code conf} adds e.g. a metrics reporter.
   */
  public static MiniClusterExtension miniCluster(Configuration conf) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(conf)
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARTITIONS)
            .build());
  }

  /** This run's name for {@code topic}: {@code it-<name>.<id>}. */
  public String topic(Topic<?> topic) {
    return "it-" + name + "." + topic.id();
  }

  /** Every Redis key the job writes starts with this. */
  public String keyPrefix() {
    return "it-" + name + ":";
  }

  /**
   * The settings that point {@code job} at this run: services, topic names, group, Redis prefix,
   * transactional ids, and a quick runtime (parallelism {@value #PARTITIONS}, checkpoints every 500
   * ms, two restarts); then {@code more}.
   */
  public ConfigValues config(String job, Map<String, String> more) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("kafka.bootstrap-servers", kafka.bootstrapServers());
    v.put("kafka.group-id", "it-" + name);
    v.put("registry.url", registryUrl);
    v.put("redis.host", redis.host());
    v.put("redis.port", String.valueOf(redis.port()));
    v.put("redis.key-prefix", keyPrefix());
    for (Topic<?> t : Topics.ALL) {
      v.put(t.configKey(), topic(t));
    }
    v.put("job.parallelism", String.valueOf(PARTITIONS));
    v.put("job.checkpoint-interval", "500ms");
    v.put("job.restart-attempts", "2");
    v.put("job.restart-delay", "200ms");
    v.put(job + ".transactional-id-prefix", "it-" + name);
    v.putAll(more);
    return ConfigValues.of(v);
  }

  /**
   * Creates this run's names of {@code topics} as their contracts say (the changelog compacted).
   */
  public void createTopics(List<Topic<?>> topics) throws InterruptedException {
    TopicAdmin.createMissing(
        kafka.bootstrapServers(),
        Map.of(),
        topics.stream().<Topic<?>>map(t -> t.named(topic(t))).toList(),
        PARTITIONS);
  }

  /** The wire bytes of {@code record} as the simulator sends them to {@code topic}. */
  public byte[] encode(Topic<?> topic, SpecificRecord record) {
    if (encoder == null) {
      registryClient = own(SchemaRegistryClient.create(RegistryConfig.of(registryUrl)));
      encoder = new WireEncoder(registryClient, SchemaRegistration.REGISTER);
    }
    return encoder.encode(topic, record);
  }

  /** Sends {@code record}, keyed {@code key}, to this run's {@code topic}. */
  public void produce(Topic<?> topic, String key, SpecificRecord record) {
    send(topic, key, encode(topic, record));
  }

  /**
   * Sends raw {@code value} bytes keyed {@code key} to this run's {@code topic}, in the partition
   * {@link #partitionOf} names.
   */
  public void send(Topic<?> topic, String key, byte[] value) {
    if (producer == null) {
      producer = own(kafka.newProducer());
    }
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(topic(topic), partitionOf(key), k, value));
  }

  /** Waits until everything sent is acknowledged. */
  public void flush() {
    if (producer != null) {
      producer.flush();
    }
  }

  /** The partition of a record keyed {@code key}: Kafka's default for keyed records. */
  public static int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** Starts the pipeline built on {@code env}; the fixture cancels it on close if still running. */
  public JobClient start(StreamExecutionEnvironment env) throws Exception {
    job = env.executeAsync("it-" + name);
    return job;
  }

  /** Waits for a job on bounded sources to end by itself. */
  public void awaitEnd(Duration timeout) throws Exception {
    job.getJobExecutionResult().get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** The job's exception history (JSON) from the MiniCluster's REST API. */
  public String exceptions(Configuration clusterClient) throws Exception {
    URI uri =
        URI.create(
            "http://"
                + clusterClient.get(RestOptions.ADDRESS)
                + ":"
                + clusterClient.get(RestOptions.PORT)
                + "/jobs/"
                + job.getJobID()
                + "/exceptions");
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Every record committed to this run's {@code topic} so far (read_committed), decoded. */
  public <T extends SpecificRecordBase> List<T> committed(Topic<T> topic) {
    return kafka.readAllCommitted(topic(topic), Duration.ofSeconds(30)).stream()
        .map(r -> CommittedRecords.decode(r.value(), topic.recordClass()))
        .toList();
  }

  /** A reader that follows what the running job commits to this run's {@code topics}. */
  public CommittedRecords follow(Topic<?>... topics) {
    Map<String, Topic<?>> byName = new LinkedHashMap<>();
    for (Topic<?> t : topics) {
      byName.put(topic(t), t);
    }
    return own(new CommittedRecords(kafka, byName));
  }

  /** A Redis client, closed with the fixture. */
  public RedisClient redis() {
    if (redisClient == null) {
      redisClient = own(redis.newClient());
    }
    return redisClient;
  }

  private <T extends AutoCloseable> T own(T resource) {
    open.add(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    try {
      if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get();
      }
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }
}
