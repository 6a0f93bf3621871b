package dev.croupier.jobs.fraud;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.DeadLetterRouter;
import dev.croupier.udfs.fraud.AlertCoolDown;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.FraudAlertRedisWrites;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerEventGate;
import dev.croupier.udfs.redis.PipelinedRedisSink;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fraud and abuse detection: reads bets, rounds, payments and account events, runs DESIGN.md's ten
 * rules (see {@link FraudRulesGraph}), applies the per (rule, player) cool-down and writes alerts
 * exactly-once to {@code risk.alerts} and idempotently to Redis; bad and late records go to {@code
 * platform.dlq}. {@code main} plugs in Kafka and Redis; tests call {@link #build} with their own
 * sources and sinks.
 */
public final class FraudDetectionJob {
  private static final Logger LOG = LoggerFactory.getLogger(FraudDetectionJob.class);

  private FraudDetectionJob() {}

  public static void main(String[] args) throws Exception {
    FraudJobConfig cfg;
    try {
      cfg = FraudJobConfig.from(ConfigValues.load(FraudJobConfig.DEFAULTS, args));
    } catch (ConfigException e) {
      LOG.error("Fraud job not started: {}", e.getMessage());
      throw e;
    }
    LOG.info("Rules: {}", cfg.rules().all());
    StreamExecutionEnvironment env = JobEnvironment.create(cfg.common().runtime());
    build(cfg, FraudInputs.fromKafka(env, cfg))
        .sinkTo(
            KafkaIo.exactlyOnceSink(
                cfg.common(), Topics.ALERTS, cfg.transactionalIdPrefix() + "-alerts"),
            redisSink(cfg),
            KafkaIo.deadLetterSink(cfg.common(), cfg.transactionalIdPrefix() + "-dlq"));
    env.execute("croupier-fraud");
  }

  /** The Redis sink of alerts:recent and alerts:user:&lt;userId&gt;. */
  public static PipelinedRedisSink<FraudAlert> redisSink(FraudJobConfig cfg) {
    return new PipelinedRedisSink<>(
        cfg.common().redis(),
        new FraudAlertRedisWrites(
            cfg.common().redis().keyPrefix(),
            cfg.recentAlerts(),
            cfg.alertsPerUser(),
            cfg.userAlertsTtl().toSeconds()));
  }

  /** The whole pipeline from decoded inputs to cooled-down alerts and dead letters. */
  public static FraudOutputs build(FraudJobConfig cfg, FraudInputs in) {
    // Rules only read their input and never keep a reference they change: object reuse saves a
    // copy per record for each of the chained rule operators behind the timeline.
    in.bets().getExecutionEnvironment().getConfig().enableObjectReuse();
    String job = cfg.common().jobName();
    Gated bets = gate(in.bets(), Topics.BETS, PlayerEvent::of, "bets", job, cfg);
    Gated rounds = gate(in.rounds(), Topics.ROUNDS, PlayerEvent::of, "rounds", job, cfg);
    Gated payments = gate(in.payments(), Topics.PAYMENTS, PlayerEvent::of, "payments", job, cfg);
    Gated accounts = gate(in.accounts(), Topics.ACCOUNTS, PlayerEvent::of, "accounts", job, cfg);
    DataStream<PlayerEvent> events =
        bets.events().union(rounds.events(), payments.events(), accounts.events());

    DataStream<FraudAlert> candidates = FraudRulesGraph.alerts(cfg.rules(), events);
    AvroTypeInfo<FraudAlert> alertType = new AvroTypeInfo<>(FraudAlert.class);
    SingleOutputStreamOperator<FraudAlert> ordered =
        candidates
            .keyBy(AlertCoolDown::key, Types.STRING)
            .process(
                new EventTimeSorter<>(
                    alertType, a -> a.getDetectedAt().toEpochMilli(), FraudAlert::getAlertId))
            .uid(FraudUids.ALERT_ORDER)
            .name("alerts in detection order");
    DataStream<FraudAlert> alerts =
        DataStreamUtils.reinterpretAsKeyedStream(ordered, AlertCoolDown::key, Types.STRING)
            .process(new AlertCoolDown(cfg.rules().all()))
            .uid(FraudUids.ALERT_COOL_DOWN)
            .name("cool-down per rule and player");

    DataStream<DeadLetter> deadLetters =
        bets.deadLetters()
            .union(rounds.deadLetters(), payments.deadLetters(), accounts.deadLetters());
    return new FraudOutputs(alerts, deadLetters);
  }

  /**
   * Routes dead letters away, then lets on-time records in as PlayerEvents (late ones
   * dead-lettered).
   */
  private static <T extends SpecificRecordBase> Gated gate(
      DataStream<Either<DeadLetter, T>> in,
      Topic<T> topic,
      SerializableFunction<T, PlayerEvent> convert,
      String name,
      String job,
      FraudJobConfig cfg) {
    Topic<T> resolved = cfg.common().topics().resolve(topic);
    SingleOutputStreamOperator<T> decoded =
        in.process(new DeadLetterRouter<>(resolved))
            .uid(FraudUids.router(name))
            .name(name + ": route dead letters");
    SingleOutputStreamOperator<PlayerEvent> events =
        decoded
            .process(new PlayerEventGate<>(resolved, convert, job), Types.POJO(PlayerEvent.class))
            .uid(FraudUids.gate(name))
            .name(name + ": dead-letter late events");
    return new Gated(
        events,
        decoded
            .getSideOutput(DeadLetterOutput.TAG)
            .union(events.getSideOutput(DeadLetterOutput.TAG)));
  }

  /** One topic's on-time events and its dead letters (undecodable and late). */
  private record Gated(DataStream<PlayerEvent> events, DataStream<DeadLetter> deadLetters) {}

  /** The job's two outputs, ready for their sinks. */
  public record FraudOutputs(DataStream<FraudAlert> alerts, DataStream<DeadLetter> deadLetters) {
    public void sinkTo(Sink<FraudAlert> kafka, Sink<FraudAlert> redis, Sink<DeadLetter> dlq) {
      alerts.sinkTo(kafka).uid(FraudUids.ALERTS_KAFKA_SINK).name("risk.alerts (exactly-once)");
      alerts
          .sinkTo(redis)
          .uid(FraudUids.ALERTS_REDIS_SINK)
          .name("Redis alerts:recent and alerts:user");
      deadLetters.sinkTo(dlq).uid(FraudUids.DLQ_SINK).name("platform.dlq (exactly-once)");
    }
  }
}
