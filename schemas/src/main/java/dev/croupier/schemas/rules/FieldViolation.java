package dev.croupier.schemas.rules;

import dev.croupier.schemas.wire.DeadLetterReason;
import java.util.Objects;

/**
 * Why a decoded record is unusable: the dead-letter reason ({@code field-rule}, {@code
 * oversized-field}, {@code amount-overflow}) and a readable detail naming the field and value.
 */
public record FieldViolation(DeadLetterReason reason, String detail) {
  public FieldViolation {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
