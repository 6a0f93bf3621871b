package dev.croupier.schemas.registry;

/** The registry rejected the schema or the request as invalid (HTTP 422). */
public class InvalidSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public InvalidSchemaException(String message, int errorCode) {
    super(message, 422, errorCode, null);
  }
}
