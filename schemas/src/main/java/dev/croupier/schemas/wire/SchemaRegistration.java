package dev.croupier.schemas.wire;

/**
 * Whether a serializer may register its schema or only look it up. Lookup-only suits producers
 * whose schemas are registered by a deployment step under a registry that forbids writes.
 */
public enum SchemaRegistration {
  /** Register the schema under the subject if it is not there (Confluent's auto.register). */
  REGISTER,
  /** Only look the schema up; a schema missing from the subject fails the serializer. */
  LOOKUP_ONLY
}
