package dev.croupier.schemas.registry;

/**
 * A registry request failed. {@link #status()} is the HTTP status (0 when no answer came), {@link
 * #errorCode()} the registry's own error_code when it sent one (else -1).
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final int errorCode;

  public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }
}
