package dev.croupier.jobs.common;

import dev.croupier.schemas.avro.DeadLetter;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/** Empty decoded inputs of the type a job's sources produce: to build a job's graph in a test. */
public final class EmptyInputs {
  private EmptyInputs() {}

  /**
   * An empty stream of decoded {@code type} records (or dead letters), its source named {@code
   * uid}.
   */
  public static <T extends SpecificRecordBase> DataStream<Either<DeadLetter, T>> of(
      StreamExecutionEnvironment env, Class<T> type, String uid) {
    return env.fromData(
            List.<Either<DeadLetter, T>>of(),
            new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(type)))
        .uid(uid);
  }
}
