package dev.croupier.schemas.topics;

import java.io.Serializable;

/**
 * Derives a Kafka record key (as a string, written as UTF-8) from a record. Serializable so a
 * {@link Topic} can travel inside Flink serialization schemas.
 */
@FunctionalInterface
public interface KeyExtractor<T> extends Serializable {

  /** The key of {@code record}; never null for a keyed topic. */
  String keyOf(T record);
}
