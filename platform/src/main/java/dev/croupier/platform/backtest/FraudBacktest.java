package dev.croupier.platform.backtest;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.sink.EventLogReader;
import dev.croupier.udfs.config.ConfigValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * A backtest: the fraud job's own graph ({@link FraudDetectionJob#build}, the same sources'
 * watermarks, rules, cool-downs) as a bounded job over recorded events, with the rules of a rules
 * file; the alerts are collected instead of written. Two inputs: a simulator event log, or a time
 * range of the input topics. The rules stream carries the rules file's own definitions, as {@code
 * croupier-rules push} would (each is already live, so nothing changes).
 */
public final class FraudBacktest {

  /** What a backtest found: the alerts of ACTIVE and of SHADOW versions, and the dead letters. */
  public record Result(
      List<FraudAlert> alerts, List<FraudAlert> shadowAlerts, List<DeadLetter> deadLetters) {}

  private FraudBacktest() {}

  /**
   * The settings of a backtest: the rules file, {@code more} (e.g. {@code fraud.rule.<id>.<key>}
   * overrides, {@code job.parallelism}, the Kafka and registry of a topic range), and the fraud
   * job's defaults for the rest.
   */
  public static FraudJobConfig config(Path rules, Map<String, String> more) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("kafka.bootstrap-servers", "unused:9092"); // replaced for a topic range
    v.put("registry.url", "http://unused");
    v.put("job.parallelism", "1");
    // Bounded, nothing to recover: as rare as the Redis outage check allows with the default
    // redis.outage-tolerance (5m) and kafka.transaction-timeout (10m), though nothing is written
    v.put("job.checkpoint-interval", "4m");
    if (rules != null) {
      v.put("fraud.rules-file", rules.toString());
    }
    v.putAll(more);
    return FraudJobConfig.from(ConfigValues.load(FraudJobConfig.DEFAULTS, args(v)));
  }

  private static String[] args(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  /** Runs the fraud graph over the events of {@code eventLog}. */
  public static Result overEventLog(Path eventLog, FraudJobConfig cfg) throws Exception {
    List<SimEvent> log = new ArrayList<>();
    new EventLogReader().read(eventLog, log::add);
    String job = cfg.common().jobName();
    FraudDetectionJob.Sources sources =
        new FraudDetectionJob.Sources(
            EventLogRecords.source(
                eventLog, Topics.BETS, EventLogRecords.count(log, Topics.BETS), job),
            EventLogRecords.source(
                eventLog, Topics.ROUNDS, EventLogRecords.count(log, Topics.ROUNDS), job),
            EventLogRecords.source(
                eventLog, Topics.PAYMENTS, EventLogRecords.count(log, Topics.PAYMENTS), job),
            EventLogRecords.source(
                eventLog, Topics.ACCOUNTS, EventLogRecords.count(log, Topics.ACCOUNTS), job),
            rulesFile(cfg));
    return run(sources, cfg);
  }

  /**
   * Runs the fraud graph over the input topics (of {@code cfg}'s Kafka) from the first record at or
   * after {@code from} to the last before {@code to}, by record timestamp.
   */
  public static Result overTopicRange(Instant from, Instant to, FraudJobConfig cfg)
      throws Exception {
    KafkaIo.Reading reading =
        new KafkaIo.Reading(
            OffsetsInitializer.timestamp(from.toEpochMilli()),
            OffsetsInitializer.timestamp(to.toEpochMilli()));
    FraudDetectionJob.Sources kafka = FraudDetectionJob.Sources.of(cfg, reading);
    FraudDetectionJob.Sources sources =
        new FraudDetectionJob.Sources(
            kafka.bets(), kafka.rounds(), kafka.payments(), kafka.accounts(), rulesFile(cfg));
    return run(sources, cfg);
  }

  private static Result run(FraudDetectionJob.Sources sources, FraudJobConfig cfg)
      throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    FraudDetectionJob.Outputs out = FraudDetectionJob.build(sources.read(env, cfg), cfg);
    DataStream.Collector<FraudAlert> alerts = new DataStream.Collector<>();
    DataStream.Collector<FraudAlert> shadow = new DataStream.Collector<>();
    DataStream.Collector<DeadLetter> dead = new DataStream.Collector<>();
    out.alerts().collectAsync(alerts);
    out.shadowAlerts().collectAsync(shadow);
    out.deadLetters().collectAsync(dead);
    env.executeAsync("croupier-backtest");
    return new Result(drain(alerts), drain(shadow), drain(dead));
  }

  private static <T> List<T> drain(DataStream.Collector<T> c) throws Exception {
    List<T> all = new ArrayList<>();
    try (var it = c.getOutput()) {
      it.forEachRemaining(all::add);
    }
    return all;
  }

  /** The rules file's definitions as a bounded rules stream. */
  private static Source<Either<DeadLetter, RuleConfig>, ?, ?> rulesFile(FraudJobConfig cfg) {
    List<RuleConfig> configs =
        cfg.rules().rules().stream().map(r -> r.versions().fromFile()).toList();
    TypeInformation<Either<DeadLetter, RuleConfig>> type =
        new EitherTypeInfo<>(
            new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(RuleConfig.class));
    return new DataGeneratorSource<>(new Configs(configs), configs.size(), type);
  }

  /** Hands on the given rules records. */
  private static final class Configs
      implements GeneratorFunction<Long, Either<DeadLetter, RuleConfig>> {
    private static final long serialVersionUID = 1L;
    private final ArrayList<RuleConfig> configs;

    Configs(List<RuleConfig> configs) {
      this.configs = new ArrayList<>(configs);
    }

    @Override
    public Either<DeadLetter, RuleConfig> map(Long index) {
      return Either.Right(configs.get(Math.toIntExact(index)));
    }
  }

  /** The rules file {@code path} as a {@link RuleBook} (for its source name in reports). */
  static RuleBook book(Path path) throws IOException {
    return RuleBook.parse(Files.readString(path, StandardCharsets.UTF_8), "'" + path + "'");
  }
}
