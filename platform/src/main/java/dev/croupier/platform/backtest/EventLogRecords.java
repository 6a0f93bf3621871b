package dev.croupier.platform.backtest;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.rules.FieldViolation;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.DeadLetters;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.sink.EventLogReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;

/**
 * One input topic of a simulator event log as a bounded source of what the fraud job's Kafka source
 * would hand on: {@code Right(record)}, or {@code Left(dead letter)} for a record that breaks its
 * topic's field rules (as the wire decoder does). Each reader reads the log itself (nothing large
 * travels in the job graph); records come in log order, which is the order they were sent in.
 * Records the log holds only as raw bytes (deliberately undecodable ones) are left out: without
 * their registry they decode to nothing but a dead letter.
 */
final class EventLogRecords<T extends SpecificRecordBase>
    implements GeneratorFunction<Long, Either<DeadLetter, T>> {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final Topic<T> topic;
  private final DeadLetters deadLetters;
  private transient List<T> records;

  private EventLogRecords(Path file, Topic<T> topic, String job) {
    this.file = file.toString();
    this.topic = topic;
    this.deadLetters = new DeadLetters(job);
  }

  /** The source of {@code topic}'s {@code count} records in {@code file} ({@link #count}). */
  static <T extends SpecificRecordBase> Source<Either<DeadLetter, T>, ?, ?> source(
      Path file, Topic<T> topic, long count, String job) {
    TypeInformation<Either<DeadLetter, T>> type =
        new EitherTypeInfo<>(
            new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(topic.recordClass()));
    return new DataGeneratorSource<>(new EventLogRecords<>(file, topic, job), count, type);
  }

  /** How many records of {@code topic} the log holds that a backtest replays. */
  static long count(List<SimEvent> log, Topic<?> topic) {
    return log.stream().filter(e -> e.topic().equals(topic) && e.value() != null).count();
  }

  @Override
  public void open(SourceReaderContext readerContext) {
    List<T> mine = new ArrayList<>();
    new EventLogReader()
        .read(
            Path.of(file),
            e -> {
              if (e.topic().equals(topic) && e.value() != null) {
                mine.add(topic.recordClass().cast(e.value()));
              }
            });
    records = mine;
  }

  @Override
  public Either<DeadLetter, T> map(Long index) {
    T record = records.get(Math.toIntExact(index));
    Optional<FieldViolation> violation = topic.rules().firstViolation(record);
    if (violation.isPresent()) {
      return Either.Left(
          deadLetters.of(topic, record, violation.get().reason(), violation.get().detail()));
    }
    return Either.Right(record);
  }
}
