package dev.croupier.jobs.leaderboard;

import dev.croupier.jobs.common.InputWatermarks;
import dev.croupier.jobs.common.JobConfig;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobInputs;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.TopicNames;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.DeadLetterRouter;
import dev.croupier.udfs.kafka.EventTimeBounds;
import dev.croupier.udfs.leaderboard.BetPlacedTypeInfo;
import dev.croupier.udfs.leaderboard.BetSettledTypeInfo;
import dev.croupier.udfs.leaderboard.BoardUpdate;
import dev.croupier.udfs.leaderboard.LeaderboardFunction;
import dev.croupier.udfs.leaderboard.LeaderboardRedisWrites;
import dev.croupier.udfs.redis.PipelinedRedisSink;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live windowed leaderboards: reads {@code platform.bets} and {@code platform.rounds}, keeps every
 * (metric × scope × window) board per player in {@link LeaderboardFunction}, and writes the scores
 * to Redis sorted sets while windows are open and when they close. Bad input and late events go to
 * {@code platform.dlq}. See docs/leaderboard.md.
 *
 * <p>The shape of every job: {@link Sources} → {@link Sources#read} → {@link Inputs} → {@link
 * #build} → {@link Outputs} → {@link #sinkTo} with {@link Sinks}.
 */
public final class LeaderboardJob {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderboardJob.class);

  private LeaderboardJob() {}

  /** Where the job reads bets and settlements; Left values are dead letters. */
  public record Sources(
      Source<Either<DeadLetter, BetPlaced>, ?, ?> bets,
      Source<Either<DeadLetter, BetSettled>, ?, ?> rounds) {

    /** The job's Kafka sources. */
    public static Sources of(LeaderboardJobConfig cfg) {
      return of(cfg, KafkaIo.Reading.CONTINUOUS);
    }

    /** The job's Kafka sources, reading as {@code reading} says (a backfill, a test). */
    public static Sources of(LeaderboardJobConfig cfg, KafkaIo.Reading reading) {
      CommonJobConfig c = cfg.common();
      // A record may trail its partition by the out-of-orderness plus the allowed lateness: then it
      // still finds its windows open.
      EventTimeBounds bounds =
          EventTimeBounds.of(
              cfg.eventTime().maxAhead(),
              cfg.eventTime().outOfOrderness().plus(cfg.allowedLateness()));
      return new Sources(
          KafkaIo.source(c, Topics.BETS, reading, bounds),
          KafkaIo.source(c, Topics.ROUNDS, reading, bounds));
    }

    /** The decoded inputs with event time (occurredAt) and watermarks assigned. */
    public Inputs read(StreamExecutionEnvironment env, LeaderboardJobConfig cfg) {
      TopicNames topics = cfg.common().topics();
      return new Inputs(
          JobInputs.read(
              env,
              bets,
              InputWatermarks.of(cfg.eventTime(), cfg.common(), topics.resolve(Topics.BETS)),
              LeaderboardUids.BETS_SOURCE,
              topics.name(Topics.BETS)),
          JobInputs.read(
              env,
              rounds,
              InputWatermarks.of(cfg.eventTime(), cfg.common(), topics.resolve(Topics.ROUNDS)),
              LeaderboardUids.ROUNDS_SOURCE,
              topics.name(Topics.ROUNDS)));
    }
  }

  /** The decoded input streams, with event time and watermarks assigned at the sources. */
  public record Inputs(
      DataStream<Either<DeadLetter, BetPlaced>> bets,
      DataStream<Either<DeadLetter, BetSettled>> rounds) {}

  /** What the job writes: board updates for Redis, dead letters for the DLQ. */
  public record Outputs(DataStream<BoardUpdate> boardUpdates, DataStream<DeadLetter> deadLetters) {}

  /** Where the outputs go. */
  public record Sinks(Sink<BoardUpdate> redis, Sink<DeadLetter> deadLetters) {

    /** The pipelined Redis sink of the boards and the exactly-once dead-letter sink. */
    public static Sinks of(LeaderboardJobConfig cfg) {
      CommonJobConfig c = cfg.common();
      return new Sinks(
          new PipelinedRedisSink<>(
              c.redis(), new LeaderboardRedisWrites(c.redis().keyPrefix(), cfg.retention())),
          KafkaIo.deadLetterSink(c, cfg.transactionalIdPrefix() + "-dlq"));
    }
  }

  public static void main(String[] args) throws Exception {
    LeaderboardJobConfig cfg =
        JobConfig.load(LeaderboardJobConfig.JOB_NAME, () -> LeaderboardJobConfig.load(args));
    LOG.info(
        "Leaderboards {}, {}, lateness {}", cfg.windows(), cfg.eventTime(), cfg.allowedLateness());
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    sinkTo(build(Sources.of(cfg).read(env, cfg), cfg), Sinks.of(cfg));
    env.execute(cfg.flinkJobName());
  }

  /**
   * Routes bad input to dead letters, keeps the boards per player, and dead-letters late events.
   * The decoded records cross the {@code keyBy} with their own serializers ({@link
   * BetPlacedTypeInfo}, {@link BetSettledTypeInfo}), not Avro's.
   */
  public static Outputs build(Inputs inputs, LeaderboardJobConfig cfg) {
    TopicNames topics = cfg.common().topics();
    SingleOutputStreamOperator<BetPlaced> bets =
        inputs
            .bets()
            .process(
                new DeadLetterRouter<>(topics.resolve(Topics.BETS)), BetPlacedTypeInfo.INSTANCE)
            .uid(LeaderboardUids.BETS_ROUTER)
            .name("bets: route dead letters");
    SingleOutputStreamOperator<BetSettled> rounds =
        inputs
            .rounds()
            .process(
                new DeadLetterRouter<>(topics.resolve(Topics.ROUNDS)), BetSettledTypeInfo.INSTANCE)
            .uid(LeaderboardUids.ROUNDS_ROUTER)
            .name("rounds: route dead letters");

    SingleOutputStreamOperator<BoardUpdate> boards =
        bets.keyBy(BetPlaced::getUserId, Types.STRING)
            .connect(rounds.keyBy(BetSettled::getUserId, Types.STRING))
            .process(
                new LeaderboardFunction(
                    cfg.windows(),
                    cfg.allowedLateness(),
                    cfg.liveUpdateDelay(),
                    topics.resolve(Topics.BETS),
                    topics.resolve(Topics.ROUNDS),
                    cfg.common().jobName()))
            .uid(LeaderboardUids.BOARDS)
            .name("leaderboards");

    DataStream<DeadLetter> deadLetters =
        bets.getSideOutput(DeadLetterOutput.TAG)
            .union(
                rounds.getSideOutput(DeadLetterOutput.TAG),
                boards.getSideOutput(DeadLetterOutput.TAG));
    return new Outputs(boards, deadLetters);
  }

  /** Writes the boards to Redis and the dead letters to the DLQ. */
  public static void sinkTo(Outputs outputs, Sinks sinks) {
    outputs
        .boardUpdates()
        .sinkTo(sinks.redis())
        .uid(LeaderboardUids.REDIS_SINK)
        .name("redis: leaderboards");
    outputs
        .deadLetters()
        .sinkTo(sinks.deadLetters())
        .uid(LeaderboardUids.DLQ_SINK)
        .name("kafka: dead letters");
  }
}
