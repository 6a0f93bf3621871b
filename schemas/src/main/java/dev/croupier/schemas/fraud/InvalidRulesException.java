package dev.croupier.schemas.fraud;

/**
 * A rules file (or one rule's values) that cannot be used; the message names the file, the rule and
 * the key, and says what was expected.
 */
public final class InvalidRulesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRulesException(String message) {
    super(message);
  }

  public InvalidRulesException(String message, Throwable cause) {
    super(message, cause);
  }
}
