package dev.croupier.jobs.balance;

import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The balance job's three decoded inputs (Right = record, Left = dead letter). Tests may wrap a
 * stream (e.g. a fault injector) before handing the inputs to {@link BalanceJob#build}.
 */
public record BalanceInputs(
    DataStream<Either<DeadLetter, BetPlaced>> bets,
    DataStream<Either<DeadLetter, BetSettled>> rounds,
    DataStream<Either<DeadLetter, PaymentEvent>> payments) {

  /** The Kafka sources of the job, with uids. */
  public static BalanceInputs fromKafka(StreamExecutionEnvironment env, BalanceJobConfig config) {
    return new BalanceInputs(
        source(env, config, Topics.BETS, BalanceUids.SOURCE_BETS),
        source(env, config, Topics.ROUNDS, BalanceUids.SOURCE_ROUNDS),
        source(env, config, Topics.PAYMENTS, BalanceUids.SOURCE_PAYMENTS));
  }

  // Balances are sums: no event-time logic, hence no watermarks; late events apply like any other.
  private static <T extends SpecificRecordBase> DataStream<Either<DeadLetter, T>> source(
      StreamExecutionEnvironment env, BalanceJobConfig config, Topic<T> topic, String uid) {
    String name = "source " + config.common().topics().resolve(topic).name();
    return env.fromSource(
            KafkaIo.source(config.common(), topic), WatermarkStrategy.noWatermarks(), name)
        .uid(uid)
        .name(name);
  }
}
