package dev.croupier.jobs.balance;

import dev.croupier.jobs.common.JobEnvironment;
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
import dev.croupier.udfs.config.ConfigException;
import dev.croupier.udfs.dlq.DeadLetterOutput;
import dev.croupier.udfs.dlq.DeadLetterRouter;
import dev.croupier.udfs.redis.PipelinedRedisSink;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the balance job: platform.bets, platform.rounds and platform.payments → the
 * exactly-once {@link BalanceLedger} → {@code BalanceUpdated} on platform.balances, the Redis hash
 * {@code balance:<userId>} and dead letters on platform.dlq. See docs/balance.md.
 */
public final class BalanceJob {
  private static final Logger LOG = LoggerFactory.getLogger(BalanceJob.class);

  private BalanceJob() {}

  /** The job's sinks, injected so tests run the same pipeline. */
  public record Sinks(
      Sink<BalanceUpdated> balances, Sink<BalanceUpdated> redis, Sink<DeadLetter> deadLetters) {

    /**
     * The real sinks: exactly-once Kafka for balances and dead letters, the pipelined Redis hash
     * writer.
     */
    public static Sinks of(BalanceJobConfig config) {
      CommonJobConfig c = config.common();
      String prefix = config.transactionalIdPrefix();
      return new Sinks(
          KafkaIo.exactlyOnceSink(c, Topics.BALANCES, prefix + "-balances"),
          new PipelinedRedisSink<>(c.redis(), new BalanceHashWrites(c.redis().keyPrefix())),
          KafkaIo.deadLetterSink(c, prefix + "-dlq"));
    }
  }

  public static void main(String[] args) throws Exception {
    BalanceJobConfig config;
    try {
      config = BalanceJobConfig.load(args);
    } catch (ConfigException e) {
      LOG.error("Balance job not started: {}", e.getMessage());
      throw e;
    }
    StreamExecutionEnvironment env = JobEnvironment.create(config.common().runtime());
    build(BalanceInputs.fromKafka(env, config), config, Sinks.of(config));
    env.execute("croupier-" + BalanceJobConfig.JOB_NAME);
  }

  /** Wires the pipeline from decoded inputs to the sinks; main and the tests share it. */
  public static void build(BalanceInputs in, BalanceJobConfig config, Sinks sinks) {
    SingleOutputStreamOperator<BetPlaced> bets =
        route(in.bets(), Topics.BETS, BalanceUids.ROUTE_BETS);
    SingleOutputStreamOperator<BetSettled> rounds =
        route(in.rounds(), Topics.ROUNDS, BalanceUids.ROUTE_ROUNDS);
    SingleOutputStreamOperator<PaymentEvent> payments =
        route(in.payments(), Topics.PAYMENTS, BalanceUids.ROUTE_PAYMENTS);
    var topics = config.common().topics();

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
            .process(new BalanceLedger(config.dedupTtl(), BalanceJobConfig.JOB_NAME))
            .uid(BalanceUids.LEDGER)
            .name("balance ledger");

    updates
        .sinkTo(sinks.balances())
        .uid(BalanceUids.SINK_BALANCES)
        .name("sink " + topics.name(Topics.BALANCES));
    // Forward from the ledger (same parallelism, chained): one subtask writes a player's updates in
    // seq order, so coalescing in a batch keeps the newest.
    updates.sinkTo(sinks.redis()).uid(BalanceUids.SINK_REDIS).name("redis balance hashes");
    bets.getSideOutput(DeadLetterOutput.TAG)
        .union(
            rounds.getSideOutput(DeadLetterOutput.TAG),
            payments.getSideOutput(DeadLetterOutput.TAG),
            updates.getSideOutput(DeadLetterOutput.TAG))
        .sinkTo(sinks.deadLetters())
        .uid(BalanceUids.SINK_DLQ)
        .name("sink " + topics.name(Topics.DLQ));
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
