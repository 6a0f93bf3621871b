package dev.croupier.schemas.registry;

import org.apache.avro.Schema;

/**
 * The Confluent Schema Registry REST API, as far as Croupier needs it. Implementations cache id to
 * schema and schema to id, so callers may ask per record without a request per record.
 *
 * <p>Errors are {@link SchemaRegistryException}s keyed on the HTTP status: {@link
 * SchemaNotFoundException} (404), {@link IncompatibleSchemaException} (409), {@link
 * InvalidSchemaException} (422).
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** A thread-safe REST client for the registry at {@code config.url()}. */
  static SchemaRegistryClient create(RegistryConfig config) {
    return new RestSchemaRegistryClient(config);
  }

  /**
   * Registers {@code schema} under {@code subject} (or finds it there) and returns its global id.
   */
  int register(String subject, Schema schema);

  /** The id of {@code schema} already registered under {@code subject}; 404 if it is not there. */
  int getId(String subject, Schema schema);

  /** The schema with the global id {@code id}; 404 if there is none. */
  Schema getSchemaById(int id);

  /** The latest version registered under {@code subject}; 404 if the subject is unknown. */
  RegisteredSchema getLatest(String subject);

  /**
   * Whether {@code schema} could be registered under {@code subject} given its compatibility level.
   * A subject that does not exist yet accepts any schema.
   */
  boolean isCompatible(String subject, Schema schema);

  /**
   * The compatibility level of {@code subject} (the global level when the subject has none of its
   * own), or the global level when {@code subject} is null.
   */
  CompatibilityLevel getCompatibility(String subject);

  /**
   * Sets the compatibility level of {@code subject}, or the global level when {@code subject} is
   * null.
   */
  void setCompatibility(String subject, CompatibilityLevel level);

  @Override
  void close();
}
