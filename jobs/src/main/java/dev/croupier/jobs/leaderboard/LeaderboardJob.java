package dev.croupier.jobs.leaderboard;

import dev.croupier.jobs.common.InputWatermarks;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.DeadLetterRouter;
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
 * {@code platform.dlq}. Run with {@code flink run -c dev.croupier.jobs.leaderboard.LeaderboardJob
 * croupier-jobs-*-flink.jar --config leaderboard-job.properties}; see docs/leaderboard.md.
 *
 * <p>The pipeline is three static steps so tests run it unchanged between their own sources and
 * sinks: {@link #sources} → {@link #build} → {@link #sinkTo}.
 */
public final class LeaderboardJob {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderboardJob.class);
  public static final String DEFAULTS = "croupier/leaderboard-job.properties";

  private LeaderboardJob() {}

  /** The decoded input streams, with event time and watermarks assigned at the sources. */
  public record Inputs(
      DataStream<Either<DeadLetter, BetPlaced>> bets,
      DataStream<Either<DeadLetter, BetSettled>> rounds) {}

  /** What the job writes: board updates for Redis, dead letters for the DLQ. */
  public record Outputs(DataStream<BoardUpdate> boardUpdates, DataStream<DeadLetter> deadLetters) {}

  public static void main(String[] args) throws Exception {
    LeaderboardJobConfig config;
    try {
      config = LeaderboardJobConfig.from(ConfigValues.load(DEFAULTS, args));
    } catch (ConfigException e) {
      LOG.error("Leaderboard job not started: {}", e.getMessage());
      throw e;
    }
    LOG.info(
        "Leaderboards {} with out-of-orderness {}, allowed lateness {}, live delay {}; Redis {}",
        config.windows(),
        config.outOfOrderness(),
        config.allowedLateness(),
        config.liveUpdateDelay(),
        config.common().redis());
    StreamExecutionEnvironment env = JobEnvironment.create(config.common().runtime());
    Inputs inputs =
        sources(
            env,
            KafkaIo.source(config.common(), Topics.BETS),
            KafkaIo.source(config.common(), Topics.ROUNDS),
            config);
    sinkTo(
        build(inputs, config),
        redisSink(config),
        KafkaIo.deadLetterSink(config.common(), LeaderboardUids.DLQ_TRANSACTIONAL_ID));
    env.execute("croupier-" + config.common().jobName());
  }

  /** Reads both topics with event-time watermarks (bounded out-of-orderness, idleness). */
  public static Inputs sources(
      StreamExecutionEnvironment env,
      Source<Either<DeadLetter, BetPlaced>, ?, ?> bets,
      Source<Either<DeadLetter, BetSettled>, ?, ?> rounds,
      LeaderboardJobConfig config) {
    DataStream<Either<DeadLetter, BetPlaced>> betStream =
        env.fromSource(
                bets,
                InputWatermarks.of(
                    config.outOfOrderness(),
                    config.idleness(),
                    (BetPlaced b) -> b.getOccurredAt().toEpochMilli()),
                "bets")
            .uid(LeaderboardUids.BETS_SOURCE);
    DataStream<Either<DeadLetter, BetSettled>> roundStream =
        env.fromSource(
                rounds,
                InputWatermarks.of(
                    config.outOfOrderness(),
                    config.idleness(),
                    (BetSettled s) -> s.getOccurredAt().toEpochMilli()),
                "rounds")
            .uid(LeaderboardUids.ROUNDS_SOURCE);
    return new Inputs(betStream, roundStream);
  }

  /**
   * Routes bad input to dead letters, keeps the boards per player, and dead-letters late events.
   */
  public static Outputs build(Inputs inputs, LeaderboardJobConfig config) {
    String job = config.common().jobName();
    SingleOutputStreamOperator<BetPlaced> bets =
        inputs
            .bets()
            .process(new DeadLetterRouter<>(config.common().topics().resolve(Topics.BETS)))
            .uid(LeaderboardUids.BETS_ROUTER)
            .name("bets: route dead letters");
    SingleOutputStreamOperator<BetSettled> rounds =
        inputs
            .rounds()
            .process(new DeadLetterRouter<>(config.common().topics().resolve(Topics.ROUNDS)))
            .uid(LeaderboardUids.ROUNDS_ROUTER)
            .name("rounds: route dead letters");

    SingleOutputStreamOperator<BoardUpdate> boards =
        bets.keyBy(BetPlaced::getUserId, Types.STRING)
            .connect(rounds.keyBy(BetSettled::getUserId, Types.STRING))
            .process(
                new LeaderboardFunction(
                    config.windows(),
                    config.allowedLateness(),
                    config.liveUpdateDelay(),
                    config.common().topics().resolve(Topics.BETS),
                    config.common().topics().resolve(Topics.ROUNDS),
                    job))
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
  public static void sinkTo(
      Outputs outputs, Sink<BoardUpdate> redis, Sink<DeadLetter> deadLetters) {
    outputs
        .boardUpdates()
        .sinkTo(redis)
        .uid(LeaderboardUids.REDIS_SINK)
        .name("redis: leaderboards");
    outputs
        .deadLetters()
        .sinkTo(deadLetters)
        .uid(LeaderboardUids.DLQ_SINK)
        .name("kafka: dead letters");
  }

  /** The pipelined Redis sink of the boards, under the configured key prefix. */
  public static Sink<BoardUpdate> redisSink(LeaderboardJobConfig config) {
    return new PipelinedRedisSink<>(
        config.common().redis(),
        new LeaderboardRedisWrites(config.common().redis().keyPrefix(), config.retention()));
  }
}
