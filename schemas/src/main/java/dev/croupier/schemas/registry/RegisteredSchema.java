package dev.croupier.schemas.registry;

import org.apache.avro.Schema;

/**
 * One version of a subject: its global id, its version number within the subject, and the schema.
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {}
