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

  /**
   * The exception for an error answer, keyed on the HTTP status (registries disagree on error_code:
   * Apicurio answers 409 where Confluent answers 40901).
   */
  public static SchemaRegistryException forStatus(int status, int errorCode, String message) {
    switch (status) {
      case 404:
        return new SchemaNotFoundException(message, errorCode);
      case 409:
        return new IncompatibleSchemaException(message, errorCode);
      case 422:
        return new InvalidSchemaException(message, errorCode);
      default:
        return new SchemaRegistryException(message, status, errorCode, null);
    }
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }
}
