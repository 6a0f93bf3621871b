package dev.croupier.schemas.registry;

/** The subject, version or schema id does not exist (HTTP 404). */
public class SchemaNotFoundException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public SchemaNotFoundException(String message, int errorCode) {
    super(message, 404, errorCode, null);
  }
}
