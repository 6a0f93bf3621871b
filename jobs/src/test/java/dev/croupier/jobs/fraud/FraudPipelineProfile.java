package dev.croupier.jobs.fraud;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.udfs.config.ConfigValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a profiling run of the whole fraud graph ({@link FraudDetectionJob#build}) on a local
 * MiniCluster over the simulator's decoded events (no Kafka, no decoding), sinks discarding. Run it
 * alone with JFR on the test JVM and count what each task thread does:
 *
 * <pre>
 * JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile" \
 *   mvn -B -q -pl jobs test-compile surefire:test -Dtest=FraudPipelineProfile \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dcroupier.profile=true -Dcroupier.profile.events=400000
 * jfr print --events jdk.ExecutionSample /tmp/jfr/&lt;largest&gt;.jfr   # count by sampledThread
 * </pre>
 *
 * Skipped unless {@code -Dcroupier.profile=true}. The four topics are read by four bounded sources
 * at whatever speed the graph allows, as the end-to-end benchmark reads its backlog.
 */
class FraudPipelineProfile {
  /** The simulator's records per topic, shared with the sources in this JVM (a MiniCluster). */
  static final Map<String, List<SpecificRecordBase>> BY_TOPIC = new ConcurrentHashMap<>();

  static final List<RuleConfig> RULES = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Test
  void profile() throws Exception {
    if (!Boolean.getBoolean("croupier.profile")) {
      return;
    }
    int events = Integer.getInteger("croupier.profile.events", 600_000);
    int players = Integer.getInteger("croupier.profile.players", 50_000);
    Iterator<SimEvent> it =
        Simulator.builder()
            .players(players)
            .seed(7)
            .fraudRate(0.01)
            .start(Instant.parse("2026-01-01T00:00:00Z"))
            .duration(Duration.ofDays(30))
            .build()
            .events(label -> {});
    Map<String, List<SpecificRecordBase>> byTopic = new HashMap<>();
    int n = 0;
    while (n < events && it.hasNext()) {
      SimEvent e = it.next();
      if (!e.isBad()) {
        byTopic
            .computeIfAbsent(e.topic().id(), k -> new ArrayList<>())
            .add((SpecificRecordBase) e.value());
        n++;
      }
    }
    // Two "partitions" per topic, as the benchmark's topics have: a parallel generator reads index
    // halves, so each half must span the whole time range (alternate records, each half in order).
    byTopic.replaceAll(
        (k, l) -> {
          List<SpecificRecordBase> halves = new ArrayList<>(l.size());
          for (int start = 0; start < 2; start++) {
            for (int i = start; i < l.size(); i += 2) {
              halves.add(l.get(i));
            }
          }
          return halves;
        });
    BY_TOPIC.putAll(byTopic);
    System.out.println("profile: " + n + " events; per topic " + counts(byTopic));

    Map<String, String> v = new HashMap<>();
    v.put("kafka.bootstrap-servers", "unused:9092");
    v.put("registry.url", "http://unused");
    v.put("job.parallelism", System.getProperty("croupier.profile.parallelism", "2"));
    v.put("job.restart-attempts", "0");
    v.put("job.checkpoint-interval", System.getProperty("croupier.profile.checkpoints", "10s"));
    FraudJobConfig cfg = FraudJobConfig.from(ConfigValues.of(Map.of()).with(v));
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    FraudDetectionJob.Sources sources =
        new FraudDetectionJob.Sources(
            source(Topics.BETS),
            source(Topics.ROUNDS),
            source(Topics.PAYMENTS),
            source(Topics.ACCOUNTS),
            rules(cfg));
    FraudDetectionJob.Outputs out = FraudDetectionJob.build(sources.read(env, cfg), cfg);
    out.alerts().sinkTo(new DiscardingSink<FraudAlert>());
    out.shadowAlerts().sinkTo(new DiscardingSink<FraudAlert>());
    out.deadLetters().sinkTo(new DiscardingSink<DeadLetter>());
    long start = System.nanoTime();
    env.execute("fraud-profile");
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf("profile: %d events in %.1f s: %.0f events/s%n", n, s, n / s);
  }

  /** The rules file's definitions, each already live, as the backtest hands them on. */
  private static Source<Either<DeadLetter, RuleConfig>, ?, ?> rules(FraudJobConfig cfg) {
    List<RuleConfig> configs =
        cfg.rules().rules().stream().map(r -> r.versions().fromFile()).toList();
    RULES.clear();
    RULES.addAll(configs);
    return new DataGeneratorSource<>(
        i -> Either.<DeadLetter, RuleConfig>Right(RULES.get(Math.toIntExact(i))),
        configs.size(),
        new EitherTypeInfo<>(
            new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(RuleConfig.class)));
  }

  private static Map<String, Integer> counts(Map<String, List<SpecificRecordBase>> byTopic) {
    Map<String, Integer> out = new HashMap<>();
    byTopic.forEach((k, l) -> out.put(k, l.size()));
    return out;
  }

  private static <T extends SpecificRecordBase> Source<Either<DeadLetter, T>, ?, ?> source(
      Topic<T> topic) {
    String id = topic.id();
    List<SpecificRecordBase> records = BY_TOPIC.getOrDefault(id, List.of());
    return new DataGeneratorSource<>(
        new FromList<T>(id),
        records.size(),
        new EitherTypeInfo<>(
            new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(topic.recordClass())));
  }

  /** Hands on the index-th record of a topic (a parallel source reads index ranges). */
  private record FromList<T>(String topic)
      implements GeneratorFunction<Long, Either<DeadLetter, T>> {
    @Override
    @SuppressWarnings("unchecked")
    public Either<DeadLetter, T> map(Long index) {
      return Either.Right((T) BY_TOPIC.get(topic).get(Math.toIntExact(index)));
    }
  }
}
