package dev.croupier.schemas.rules;

import java.io.Serializable;
import java.util.Optional;

/**
 * What a decoded record must satisfy beyond its Avro schema. Returns the first violation (reason
 * and readable detail, for the dead-letter record), or empty when the record is usable.
 */
@FunctionalInterface
public interface FieldRule<T> extends Serializable {

  Optional<FieldViolation> firstViolation(T record);

  /** A rule that accepts every record: for the topics Croupier itself writes. */
  static <T> FieldRule<T> none() {
    return record -> Optional.empty();
  }
}
