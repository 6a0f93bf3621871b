package dev.croupier.schemas.registry;

/**
 * The registry has a schema for the id, but not one Croupier can use: a JSON or Protobuf schema, or
 * text that does not parse as Avro. Data written with it is bad data, not a registry outage.
 */
public class UnusableSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public UnusableSchemaException(String message, Throwable cause) {
    super(message, 200, -1, cause);
  }
}
