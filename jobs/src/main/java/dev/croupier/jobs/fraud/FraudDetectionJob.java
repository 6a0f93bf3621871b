package dev.croupier.jobs.fraud;

import dev.croupier.jobs.common.InputWatermarks;
import dev.croupier.jobs.common.JobConfig;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobInputs;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.DeadLetterRouter;
import dev.croupier.udfs.fraud.AlertCoolDown;
import dev.croupier.udfs.fraud.EarlyAlertConfirmation;
import dev.croupier.udfs.fraud.EarlyAlertRedisWrites;
import dev.croupier.udfs.fraud.EventTimeSorter;
import dev.croupier.udfs.fraud.FraudAlertRedisWrites;
import dev.croupier.udfs.fraud.PlayerEvent;
import dev.croupier.udfs.fraud.PlayerEventGate;
import dev.croupier.udfs.fraud.PlayerEventTypeInfo;
import dev.croupier.udfs.fraud.live.LiveRules;
import dev.croupier.udfs.fraud.live.RuleConfigCheck;
import dev.croupier.udfs.fraud.live.RulesWithoutEventTime;
import dev.croupier.udfs.kafka.EventTimeBounds;
import dev.croupier.udfs.redis.PipelinedRedisSink;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fraud and abuse detection: reads bets, rounds, payments and account events, runs the rules (see
 * {@link FraudRulesGraph}) in the versions the rules file and the control topic {@code risk.rules}
 * say ({@link RuleConfigCheck} accepts a record, broadcast state carries it to every rule without a
 * restart), applies the per (rule, player) cool-down and writes the alerts of ACTIVE versions
 * exactly-once to {@code risk.alerts} and idempotently to Redis, those of SHADOW versions to {@code
 * risk.alerts.shadow} and Redis keys of their own; bad and late records and rejected rules go to
 * {@code platform.dlq}. See docs/fraud.md.
 *
 * <p>The shape of every job: {@link Sources} → {@link Sources#read} → {@link Inputs} → {@link
 * #build} → {@link Outputs} → {@link #sinkTo} with {@link Sinks}.
 */
public final class FraudDetectionJob {
  private static final Logger LOG = LoggerFactory.getLogger(FraudDetectionJob.class);

  private FraudDetectionJob() {}

  /** Where the job reads its four topics and the rules; Left values are dead letters. */
  public record Sources(
      Source<Either<DeadLetter, BetPlaced>, ?, ?> bets,
      Source<Either<DeadLetter, BetSettled>, ?, ?> rounds,
      Source<Either<DeadLetter, PaymentEvent>, ?, ?> payments,
      Source<Either<DeadLetter, AccountEvent>, ?, ?> accounts,
      Source<Either<DeadLetter, RuleConfig>, ?, ?> rules) {

    /** The job's Kafka sources. */
    public static Sources of(FraudJobConfig cfg) {
      return of(cfg, KafkaIo.Reading.CONTINUOUS);
    }

    /**
     * The job's Kafka sources, reading as {@code reading} says (a backfill, a test). The rules
     * topic is compacted control data: read from its start whatever the group committed (a job
     * restored from a checkpoint goes on from the checkpoint's offsets), until {@code reading}'s
     * stop.
     */
    public static Sources of(FraudJobConfig cfg, KafkaIo.Reading reading) {
      CommonJobConfig c = cfg.common();
      EventTimeBounds bounds =
          EventTimeBounds.of(cfg.eventTime().maxAhead(), cfg.eventTime().outOfOrderness());
      return new Sources(
          KafkaIo.source(c, Topics.BETS, reading, bounds),
          KafkaIo.source(c, Topics.ROUNDS, reading, bounds),
          KafkaIo.source(c, Topics.PAYMENTS, reading, bounds),
          KafkaIo.source(c, Topics.ACCOUNTS, reading, bounds),
          KafkaIo.source(
              c, Topics.RULES, new KafkaIo.Reading(OffsetsInitializer.earliest(), reading.stop())));
    }

    /** The decoded inputs with event time (occurredAt) and watermarks assigned. */
    public Inputs read(StreamExecutionEnvironment env, FraudJobConfig cfg) {
      return new Inputs(
          read(env, cfg, bets, Topics.BETS, FraudUids.BETS_SOURCE),
          read(env, cfg, rounds, Topics.ROUNDS, FraudUids.ROUNDS_SOURCE),
          read(env, cfg, payments, Topics.PAYMENTS, FraudUids.PAYMENTS_SOURCE),
          read(env, cfg, accounts, Topics.ACCOUNTS, FraudUids.ACCOUNTS_SOURCE),
          JobInputs.read(
              env,
              rules,
              InputWatermarks.control(),
              FraudUids.RULES_SOURCE,
              cfg.common().topics().name(Topics.RULES)));
    }

    private static <T extends SpecificRecordBase> DataStream<Either<DeadLetter, T>> read(
        StreamExecutionEnvironment env,
        FraudJobConfig cfg,
        Source<Either<DeadLetter, T>, ?, ?> source,
        Topic<T> topic,
        String uid) {
      Topic<T> resolved = cfg.common().topics().resolve(topic);
      return JobInputs.read(
          env,
          source,
          InputWatermarks.of(cfg.eventTime(), cfg.common(), resolved),
          uid,
          resolved.name());
    }
  }

  /**
   * The four decoded input streams (dead letters as {@code Left}), with event time assigned:
   * occurredAt, bounded out-of-orderness, idle partitions released. A dead letter keeps its Kafka
   * timestamp and never moves a watermark. And the rules records of {@code risk.rules}, which never
   * hold event time back (see {@link InputWatermarks#control()}); a job that runs only the rules
   * file (a backtest) gives an empty stream.
   */
  public record Inputs(
      DataStream<Either<DeadLetter, BetPlaced>> bets,
      DataStream<Either<DeadLetter, BetSettled>> rounds,
      DataStream<Either<DeadLetter, PaymentEvent>> payments,
      DataStream<Either<DeadLetter, AccountEvent>> accounts,
      DataStream<Either<DeadLetter, RuleConfig>> rules) {}

  /**
   * The cooled-down alerts of ACTIVE rule versions, those of SHADOW versions, every dead letter of
   * the job, and the early feed's changes ({@link EarlyAlertConfirmation}: Right to show, Left to
   * retract; null when {@code fraud.early-alerts} is off).
   */
  public record Outputs(
      DataStream<FraudAlert> alerts,
      DataStream<FraudAlert> shadowAlerts,
      DataStream<DeadLetter> deadLetters,
      DataStream<Either<FraudAlert, FraudAlert>> earlyAlerts) {}

  /** Where the outputs go. */
  public record Sinks(
      Sink<FraudAlert> alerts,
      Sink<FraudAlert> redis,
      Sink<FraudAlert> shadowAlerts,
      Sink<FraudAlert> shadowRedis,
      Sink<DeadLetter> deadLetters,
      Sink<Either<FraudAlert, FraudAlert>> earlyRedis) {

    /**
     * Exactly-once Kafka for risk.alerts, risk.alerts.shadow and the dead letters; Redis
     * alerts:recent and alerts:user:&lt;userId&gt;, alerts:shadow:recent and
     * alerts:shadow:user:&lt;userId&gt;, and the early feed alerts:early:recent and
     * alerts:early:user:&lt;userId&gt;.
     */
    public static Sinks of(FraudJobConfig cfg) {
      CommonJobConfig c = cfg.common();
      return new Sinks(
          KafkaIo.exactlyOnceSink(c, Topics.ALERTS, cfg.transactionalIdPrefix() + "-alerts"),
          redis(cfg, FraudAlertRedisWrites.ALERTS),
          KafkaIo.exactlyOnceSink(
              c, Topics.SHADOW_ALERTS, cfg.transactionalIdPrefix() + "-shadow-alerts"),
          redis(cfg, FraudAlertRedisWrites.SHADOW_ALERTS),
          KafkaIo.deadLetterSink(c, cfg.transactionalIdPrefix() + "-dlq"),
          new PipelinedRedisSink<>(
              c.redis(),
              new EarlyAlertRedisWrites(
                  c.redis().keyPrefix(),
                  cfg.recentAlerts(),
                  cfg.alertsPerUser(),
                  cfg.userAlertsTtl().toSeconds())));
    }

    private static Sink<FraudAlert> redis(FraudJobConfig cfg, String feed) {
      CommonJobConfig c = cfg.common();
      return new PipelinedRedisSink<>(
          c.redis(),
          new FraudAlertRedisWrites(
              c.redis().keyPrefix(),
              feed,
              cfg.recentAlerts(),
              cfg.alertsPerUser(),
              cfg.userAlertsTtl().toSeconds()));
    }
  }

  public static void main(String[] args) throws Exception {
    FraudJobConfig cfg = JobConfig.load(FraudJobConfig.JOB_NAME, () -> FraudJobConfig.load(args));
    LOG.info("Rules: {}", cfg.rules().all());
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    sinkTo(build(Sources.of(cfg).read(env, cfg), cfg), Sinks.of(cfg));
    env.execute(cfg.flinkJobName());
  }

  /** The whole pipeline from decoded inputs to cooled-down alerts and dead letters. */
  public static Outputs build(Inputs in, FraudJobConfig cfg) {
    String job = cfg.common().jobName();
    Gated bets = gate(in.bets(), Topics.BETS, PlayerEvent::of, job, cfg);
    Gated rounds = gate(in.rounds(), Topics.ROUNDS, PlayerEvent::of, job, cfg);
    Gated payments = gate(in.payments(), Topics.PAYMENTS, PlayerEvent::of, job, cfg);
    Gated accounts = gate(in.accounts(), Topics.ACCOUNTS, PlayerEvent::of, job, cfg);
    DataStream<PlayerEvent> events =
        bets.events().union(rounds.events(), payments.events(), accounts.events());

    Topic<RuleConfig> rulesTopic = cfg.common().topics().resolve(Topics.RULES);
    SingleOutputStreamOperator<RuleConfig> rules =
        in.rules()
            .process(new DeadLetterRouter<>(rulesTopic))
            .uid(FraudUids.RULES_ROUTER)
            .name("rules: route dead letters")
            .setBufferTimeout(FraudRulesGraph.FLUSH_EACH_RECORD);
    SingleOutputStreamOperator<RuleConfig> accepted =
        rules
            .keyBy(RuleConfig::getRuleId, Types.STRING)
            .process(new RuleConfigCheck(cfg.rules(), rulesTopic, job))
            .uid(FraudUids.RULES_CHECK)
            .name("rules: accept new versions")
            .setBufferTimeout(FraudRulesGraph.FLUSH_EACH_RECORD);
    BroadcastStream<RuleConfig> live =
        accepted
            .transform(
                "rules: no event time", accepted.getType(), new RulesWithoutEventTime<RuleConfig>())
            .uid(FraudUids.RULES_WITHOUT_EVENT_TIME)
            .setBufferTimeout(FraudRulesGraph.FLUSH_EACH_RECORD)
            .broadcast(LiveRules.STATE);

    FraudRulesGraph.Alerts candidates = FraudRulesGraph.alerts(cfg.rules(), events, live);
    DataStream<FraudAlert> alerts =
        coolDown(
            candidates.active(),
            live,
            cfg,
            AlertCoolDown.ALERTS,
            FraudUids.ALERT_ORDER,
            FraudUids.ALERT_COOL_DOWN,
            "");
    DataStream<FraudAlert> shadowAlerts =
        coolDown(
            candidates.shadow(),
            live,
            cfg,
            AlertCoolDown.SHADOW_ALERTS,
            FraudUids.SHADOW_ALERT_ORDER,
            FraudUids.SHADOW_ALERT_COOL_DOWN,
            "shadow ");

    DataStream<Either<FraudAlert, FraudAlert>> early = null;
    if (cfg.earlyAlerts().enabled()) {
      DataStream<PlayerEvent> fresh =
          bets.fresh().union(rounds.fresh(), payments.fresh(), accounts.fresh());
      early = earlyAlerts(cfg, fresh, live, alerts);
    }

    DataStream<DeadLetter> deadLetters =
        bets.deadLetters()
            .union(
                rounds.deadLetters(),
                payments.deadLetters(),
                accounts.deadLetters(),
                rules.getSideOutput(DeadLetterOutput.TAG),
                accepted.getSideOutput(DeadLetterOutput.TAG));
    return new Outputs(alerts, shadowAlerts, deadLetters, early);
  }

  /**
   * The early-alert track: the player-timeline rules on fresh events in arrival order, their own
   * cool-down (input nearly in detection order already: each player's events are), then {@link
   * EarlyAlertConfirmation} against the {@code confirmed} alerts. Null if no rule can run early.
   */
  private static DataStream<Either<FraudAlert, FraudAlert>> earlyAlerts(
      FraudJobConfig cfg,
      DataStream<PlayerEvent> fresh,
      BroadcastStream<RuleConfig> live,
      DataStream<FraudAlert> confirmed) {
    // Remember a player's last early event a while past the age limit: an event older than that
    // never reaches the early timeline, so the comparison is never needed later.
    Duration memory = cfg.earlyAlerts().maxAge().multipliedBy(2).plusMinutes(1);
    DataStream<FraudAlert> candidates =
        FraudRulesGraph.earlyAlerts(cfg.rules(), fresh, live, memory);
    if (candidates == null) {
      return null;
    }
    AvroTypeInfo<FraudAlert> alertType = new AvroTypeInfo<>(FraudAlert.class);
    DataStream<FraudAlert> cooled =
        candidates
            .keyBy(AlertCoolDown::key, Types.STRING)
            .connect(live)
            .process(new AlertCoolDown(cfg.rules(), AlertCoolDown.EARLY_ALERTS), alertType)
            .uid(FraudUids.EARLY_ALERT_COOL_DOWN)
            .name("early: cool-down per rule and player")
            .setBufferTimeout(FraudRulesGraph.FLUSH_EACH_RECORD);
    return cooled
        .connect(confirmed)
        .keyBy(FraudAlert::getAlertId, FraudAlert::getAlertId, Types.STRING)
        .process(new EarlyAlertConfirmation(cfg.earlyAlerts().retractionDelay()))
        .uid(FraudUids.EARLY_ALERT_CONFIRMATION)
        .name("early: confirm or retract");
  }

  /** Puts one feed's alerts in detection order per (rule, player), then applies the cool-down. */
  private static DataStream<FraudAlert> coolDown(
      DataStream<FraudAlert> candidates,
      BroadcastStream<RuleConfig> live,
      FraudJobConfig cfg,
      String feed,
      String orderUid,
      String coolDownUid,
      String namePrefix) {
    AvroTypeInfo<FraudAlert> alertType = new AvroTypeInfo<>(FraudAlert.class);
    SingleOutputStreamOperator<FraudAlert> ordered =
        candidates
            .keyBy(AlertCoolDown::key, Types.STRING)
            .process(
                new EventTimeSorter<>(
                    alertType, a -> a.getDetectedAt().toEpochMilli(), FraudAlert::getAlertId))
            .uid(orderUid)
            .name(namePrefix + "alerts in detection order")
            .setBufferTimeout(FraudRulesGraph.FLUSH_EACH_RECORD);
    return DataStreamUtils.reinterpretAsKeyedStream(ordered, AlertCoolDown::key, Types.STRING)
        .connect(live)
        .process(new AlertCoolDown(cfg.rules(), feed), alertType)
        .uid(coolDownUid)
        .name(namePrefix + "cool-down per rule and player")
        .setBufferTimeout(FraudRulesGraph.FLUSH_EACH_RECORD);
  }

  /**
   * Alerts exactly-once to Kafka and idempotently to Redis (shadow alerts apart), dead letters to
   * the DLQ.
   */
  public static void sinkTo(Outputs out, Sinks sinks) {
    out.alerts()
        .sinkTo(sinks.alerts())
        .uid(FraudUids.ALERTS_KAFKA_SINK)
        .name("risk.alerts (exactly-once)");
    out.alerts()
        .sinkTo(sinks.redis())
        .uid(FraudUids.ALERTS_REDIS_SINK)
        .name("Redis alerts:recent and alerts:user");
    out.shadowAlerts()
        .sinkTo(sinks.shadowAlerts())
        .uid(FraudUids.SHADOW_ALERTS_KAFKA_SINK)
        .name("risk.alerts.shadow (exactly-once)");
    out.shadowAlerts()
        .sinkTo(sinks.shadowRedis())
        .uid(FraudUids.SHADOW_ALERTS_REDIS_SINK)
        .name("Redis alerts:shadow:recent and alerts:shadow:user");
    out.deadLetters()
        .sinkTo(sinks.deadLetters())
        .uid(FraudUids.DLQ_SINK)
        .name("platform.dlq (exactly-once)");
    if (out.earlyAlerts() != null) {
      out.earlyAlerts()
          .sinkTo(sinks.earlyRedis())
          .uid(FraudUids.EARLY_ALERTS_REDIS_SINK)
          .name("Redis alerts:early:recent and alerts:early:user");
    }
  }

  /**
   * Routes dead letters away, then lets on-time records in as PlayerEvents (late ones
   * dead-lettered).
   */
  private static <T extends SpecificRecordBase> Gated gate(
      DataStream<Either<DeadLetter, T>> in,
      Topic<T> topic,
      SerializableFunction<T, PlayerEvent> convert,
      String job,
      FraudJobConfig cfg) {
    Topic<T> resolved = cfg.common().topics().resolve(topic);
    SingleOutputStreamOperator<T> decoded =
        in.process(new DeadLetterRouter<>(resolved))
            .uid(FraudUids.router(topic))
            .name(topic.id() + ": route dead letters");
    SingleOutputStreamOperator<PlayerEvent> events =
        decoded
            .process(
                new PlayerEventGate<>(
                    resolved,
                    convert,
                    job,
                    cfg.earlyAlerts().enabled() ? cfg.earlyAlerts().maxAge() : null),
                PlayerEventTypeInfo.INSTANCE)
            .uid(FraudUids.gate(topic))
            .name(topic.id() + ": dead-letter late events");
    return new Gated(
        events,
        events.getSideOutput(PlayerEventGate.EARLY),
        decoded
            .getSideOutput(DeadLetterOutput.TAG)
            .union(events.getSideOutput(DeadLetterOutput.TAG)));
  }

  /**
   * One topic's on-time events, the fresh ones among them (for the early track) and its dead
   * letters (undecodable and late).
   */
  private record Gated(
      DataStream<PlayerEvent> events,
      DataStream<PlayerEvent> fresh,
      DataStream<DeadLetter> deadLetters) {}
}
