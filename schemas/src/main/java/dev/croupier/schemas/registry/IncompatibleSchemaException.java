package dev.croupier.schemas.registry;

/** The schema breaks the subject's compatibility level (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public IncompatibleSchemaException(String message, int errorCode) {
    super(message, 409, errorCode, null);
  }
}
