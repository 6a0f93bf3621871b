package dev.croupier.schemas.topics;

import java.io.Serializable;

/**
 * The event time of a record, in epoch milliseconds: {@code occurredAt} for the input topics.
 * Serializable so a {@link Topic} can travel inside Flink serialization schemas.
 */
@FunctionalInterface
public interface EventTimeExtractor<T> extends Serializable {

  long eventTimeOf(T record);
}
