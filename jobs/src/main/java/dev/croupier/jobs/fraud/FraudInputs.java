package dev.croupier.jobs.fraud;

import dev.croupier.jobs.common.InputWatermarks;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.topics.Topics;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The four input streams of the fraud job, decoded (dead letters as {@code Left}) and with event
 * time assigned: occurredAt, bounded out-of-orderness, idle partitions released. A dead letter has
 * no event time; it gets {@code Long.MIN_VALUE}, which never moves a watermark.
 */
public record FraudInputs(
    DataStream<Either<DeadLetter, BetPlaced>> bets,
    DataStream<Either<DeadLetter, BetSettled>> rounds,
    DataStream<Either<DeadLetter, PaymentEvent>> payments,
    DataStream<Either<DeadLetter, AccountEvent>> accounts) {

  /** The production inputs: the four topics through {@link KafkaIo}. */
  public static FraudInputs fromKafka(StreamExecutionEnvironment env, FraudJobConfig cfg) {
    return fromSources(
        env,
        cfg,
        KafkaIo.source(cfg.common(), Topics.BETS),
        KafkaIo.source(cfg.common(), Topics.ROUNDS),
        KafkaIo.source(cfg.common(), Topics.PAYMENTS),
        KafkaIo.source(cfg.common(), Topics.ACCOUNTS));
  }

  /** Any four sources of the right types (tests pass bounded ones). */
  public static FraudInputs fromSources(
      StreamExecutionEnvironment env,
      FraudJobConfig cfg,
      Source<Either<DeadLetter, BetPlaced>, ?, ?> bets,
      Source<Either<DeadLetter, BetSettled>, ?, ?> rounds,
      Source<Either<DeadLetter, PaymentEvent>, ?, ?> payments,
      Source<Either<DeadLetter, AccountEvent>, ?, ?> accounts) {
    return new FraudInputs(
        env.fromSource(bets, watermarks(cfg, BetPlaced::getOccurredAt), "bets")
            .uid(FraudUids.BETS_SOURCE),
        env.fromSource(rounds, watermarks(cfg, BetSettled::getOccurredAt), "rounds")
            .uid(FraudUids.ROUNDS_SOURCE),
        env.fromSource(payments, watermarks(cfg, PaymentEvent::getOccurredAt), "payments")
            .uid(FraudUids.PAYMENTS_SOURCE),
        env.fromSource(accounts, watermarks(cfg, AccountEvent::getOccurredAt), "accounts")
            .uid(FraudUids.ACCOUNTS_SOURCE));
  }

  static <T extends SpecificRecordBase> WatermarkStrategy<Either<DeadLetter, T>> watermarks(
      FraudJobConfig cfg, SerializableFunction<T, Instant> occurredAt) {
    return InputWatermarks.of(
        cfg.maxOutOfOrderness(),
        cfg.sourceIdleness(),
        record -> occurredAt.apply(record).toEpochMilli());
  }
}
