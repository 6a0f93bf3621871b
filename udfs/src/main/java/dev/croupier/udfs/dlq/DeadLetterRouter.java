package dev.croupier.udfs.dlq;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Splits what WireDeserializationSchema produced: decoded records go downstream, dead letters to
 * {@link DeadLetterOutput#TAG}. Stateless; the decoder has already counted the dead letters.
 */
public final class DeadLetterRouter<T extends SpecificRecordBase>
    extends ProcessFunction<Either<DeadLetter, T>, T> implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> recordClass;

  /** A router for the records of {@code topic}. */
  public DeadLetterRouter(Topic<T> topic) {
    this.recordClass = topic.recordClass();
  }

  @Override
  public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
    if (value.isRight()) {
      out.collect(value.right());
    } else {
      ctx.output(DeadLetterOutput.TAG, value.left());
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo<>(recordClass);
  }
}
