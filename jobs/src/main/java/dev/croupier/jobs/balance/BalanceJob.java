package dev.croupier.jobs.balance;

import dev.croupier.jobs.common.InputWatermarks;
import dev.croupier.jobs.common.JobConfig;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobInputs;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.balance.BalanceHashWrites;
import dev.croupier.udfs.balance.BalanceLedger;
import dev.croupier.udfs.balance.LedgerEntries;
import dev.croupier.udfs.balance.LedgerEntry;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.RuntimeSettings;
import dev.croupier.udfs.config.TopicNames;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.DeadLetterRouter;
import dev.croupier.udfs.kafka.EventTimeBounds;
import dev.croupier.udfs.redis.PipelinedRedisSink;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The balance job: platform.bets, platform.rounds and platform.payments → the exactly-once {@link
 * BalanceLedger} → {@code BalanceUpdated} on platform.balances, the Redis hash {@code
 * balance:<userId>} and dead letters on platform.dlq. See docs/balance.md.
 *
 * <p>Every job has the same shape: {@link Sources} → {@link Sources#read} → {@link Inputs} → {@link
 * #build} → {@link Outputs} → {@link #sinkTo} with {@link Sinks}; {@code main} plugs in Kafka and
 * Redis, tests their own sources and sinks.
 */
public final class BalanceJob {
  private BalanceJob() {}

  /** Where the job reads its three topics; Left values are dead letters. */
  public record Sources(
      Source<Either<DeadLetter, BetPlaced>, ?, ?> bets,
      Source<Either<DeadLetter, BetSettled>, ?, ?> rounds,
      Source<Either<DeadLetter, PaymentEvent>, ?, ?> payments) {

    /** The job's Kafka sources. */
    public static Sources of(BalanceJobConfig cfg) {
      return of(cfg, KafkaIo.Reading.CONTINUOUS);
    }

    /**
     * The job's Kafka sources as {@code main} starts them on {@code flink}: after {@link
     * StartingState#check} (which refuses a start without state over inputs an earlier run
     * consumed), from the earliest offsets when the state is rebuilt by a replay.
     */
    public static Sources atStart(BalanceJobConfig cfg, ReadableConfig flink) {
      return of(cfg, reading(StartingState.check(cfg, flink)));
    }

    /** The job's Kafka sources, reading as {@code reading} says (a backfill, a test). */
    public static Sources of(BalanceJobConfig cfg, KafkaIo.Reading reading) {
      CommonJobConfig c = cfg.common();
      EventTimeBounds bounds = EventTimeBounds.futureOnly(cfg.maxAhead());
      return new Sources(
          KafkaIo.source(c, Topics.BETS, reading, bounds),
          KafkaIo.source(c, Topics.ROUNDS, reading, bounds),
          KafkaIo.source(c, Topics.PAYMENTS, reading, bounds));
    }

    /**
     * The decoded inputs. Balances are sums: no event time, hence no watermarks; a late event
     * applies like any other.
     */
    public Inputs read(StreamExecutionEnvironment env, BalanceJobConfig cfg) {
      TopicNames topics = cfg.common().topics();
      return new Inputs(
          JobInputs.read(
              env, bets, InputWatermarks.none(), BalanceUids.SOURCE_BETS, topics.name(Topics.BETS)),
          JobInputs.read(
              env,
              rounds,
              InputWatermarks.none(),
              BalanceUids.SOURCE_ROUNDS,
              topics.name(Topics.ROUNDS)),
          JobInputs.read(
              env,
              payments,
              InputWatermarks.none(),
              BalanceUids.SOURCE_PAYMENTS,
              topics.name(Topics.PAYMENTS)));
    }
  }

  /** The decoded inputs (Right = record, Left = dead letter); tests may wrap a stream. */
  public record Inputs(
      DataStream<Either<DeadLetter, BetPlaced>> bets,
      DataStream<Either<DeadLetter, BetSettled>> rounds,
      DataStream<Either<DeadLetter, PaymentEvent>> payments) {}

  /** The ledger's updates (for the changelog and Redis) and every dead letter of the job. */
  public record Outputs(DataStream<BalanceUpdated> balances, DataStream<DeadLetter> deadLetters) {}

  /** Where the outputs go. */
  public record Sinks(
      Sink<BalanceUpdated> balances, Sink<BalanceUpdated> redis, Sink<DeadLetter> deadLetters) {

    /**
     * The real sinks: exactly-once Kafka for balances and dead letters, the pipelined Redis hash
     * writer.
     */
    public static Sinks of(BalanceJobConfig cfg) {
      CommonJobConfig c = cfg.common();
      String prefix = cfg.transactionalIdPrefix();
      return new Sinks(
          KafkaIo.exactlyOnceSink(c, Topics.BALANCES, prefix + "-balances"),
          new PipelinedRedisSink<>(c.redis(), new BalanceHashWrites(c.redis().keyPrefix())),
          KafkaIo.deadLetterSink(c, prefix + "-dlq"));
    }
  }

  public static void main(String[] args) throws Exception {
    BalanceJobConfig cfg =
        JobConfig.load(BalanceJobConfig.JOB_NAME, () -> BalanceJobConfig.load(args));
    StreamExecutionEnvironment env = JobEnvironment.create(cfg);
    sinkTo(build(Sources.atStart(cfg, env.getConfiguration()).read(env, cfg), cfg), Sinks.of(cfg));
    env.execute(cfg.flinkJobName());
  }

  /**
   * How the sources read: from the group's committed offsets, or from the earliest offsets when the
   * state is rebuilt by a replay ({@link StartingState}).
   */
  private static KafkaIo.Reading reading(boolean replayFromEarliest) {
    return replayFromEarliest
        ? KafkaIo.Reading.CONTINUOUS.from(OffsetsInitializer.earliest())
        : KafkaIo.Reading.CONTINUOUS;
  }

  /** Splits off dead letters, turns events into ledger entries and keeps the balances. */
  public static Outputs build(Inputs in, BalanceJobConfig cfg) {
    TopicNames topics = cfg.common().topics();
    SingleOutputStreamOperator<BetPlaced> bets =
        route(in.bets(), Topics.BETS, BalanceUids.ROUTE_BETS);
    SingleOutputStreamOperator<BetSettled> rounds =
        route(in.rounds(), Topics.ROUNDS, BalanceUids.ROUTE_ROUNDS);
    SingleOutputStreamOperator<PaymentEvent> payments =
        route(in.payments(), Topics.PAYMENTS, BalanceUids.ROUTE_PAYMENTS);

    DataStream<LedgerEntry> entries =
        entries(
                bets,
                LedgerEntries.bets(topics.name(Topics.BETS)),
                BalanceUids.ENTRIES_BETS,
                "bets")
            .union(
                entries(
                    rounds,
                    LedgerEntries.settlements(topics.name(Topics.ROUNDS)),
                    BalanceUids.ENTRIES_ROUNDS,
                    "rounds"),
                entries(
                    payments,
                    LedgerEntries.payments(topics.name(Topics.PAYMENTS)),
                    BalanceUids.ENTRIES_PAYMENTS,
                    "payments"));

    SingleOutputStreamOperator<BalanceUpdated> updates =
        entries
            .keyBy(LedgerEntry::getUserId)
            .process(
                new BalanceLedger(
                    cfg.dedupTtl(),
                    cfg.common().jobName(),
                    // on RocksDB the compaction filter removes expired eventIds; on the heap the
                    // ledger sweeps them itself
                    cfg.common().runtime().stateBackend() == RuntimeSettings.StateBackend.HASHMAP))
            .uid(BalanceUids.LEDGER)
            .name("balance ledger");

    DataStream<DeadLetter> deadLetters =
        bets.getSideOutput(DeadLetterOutput.TAG)
            .union(
                rounds.getSideOutput(DeadLetterOutput.TAG),
                payments.getSideOutput(DeadLetterOutput.TAG),
                updates.getSideOutput(DeadLetterOutput.TAG));
    return new Outputs(updates, deadLetters);
  }

  /** The changelog and the dead letters exactly-once to Kafka, the balances to Redis. */
  public static void sinkTo(Outputs out, Sinks sinks) {
    out.balances().sinkTo(sinks.balances()).uid(BalanceUids.SINK_BALANCES).name("sink balances");
    // Forward from the ledger (same parallelism, chained): one subtask writes a player's updates in
    // seq order, so coalescing in a batch keeps the newest.
    out.balances().sinkTo(sinks.redis()).uid(BalanceUids.SINK_REDIS).name("redis balance hashes");
    out.deadLetters()
        .sinkTo(sinks.deadLetters())
        .uid(BalanceUids.SINK_DLQ)
        .name("sink dead letters");
  }

  private static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> route(
      DataStream<Either<DeadLetter, T>> in, Topic<T> topic, String uid) {
    return in.process(new DeadLetterRouter<>(topic))
        .uid(uid)
        .name("split dead letters of " + topic.recordClass().getSimpleName());
  }

  private static <T> DataStream<LedgerEntry> entries(
      DataStream<T> records, MapFunction<T, LedgerEntry> toEntry, String uid, String what) {
    return records
        .map(toEntry)
        .returns(LedgerEntry.class)
        .uid(uid)
        .name(what + " to ledger entries");
  }
}
