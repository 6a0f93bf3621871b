package dev.croupier.jobs.common;

import dev.croupier.schemas.avro.DeadLetter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Turns a job's {@code Sources} into its {@code Inputs}, the one way every job does it: the source
 * with its watermarks ({@link InputWatermarks}), a stable uid and the name {@code source <topic>}.
 */
public final class JobInputs {
  private JobInputs() {}

  /** The decoded stream of {@code source}, which reads the topic called {@code topicName}. */
  public static <T> DataStream<Either<DeadLetter, T>> read(
      StreamExecutionEnvironment env,
      Source<Either<DeadLetter, T>, ?, ?> source,
      WatermarkStrategy<Either<DeadLetter, T>> watermarks,
      String uid,
      String topicName) {
    String name = "source " + topicName;
    return env.fromSource(source, watermarks, name).uid(uid).name(name);
  }
}
