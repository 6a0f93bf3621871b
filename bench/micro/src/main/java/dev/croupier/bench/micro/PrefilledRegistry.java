package dev.croupier.bench.micro;

import dev.croupier.schemas.registry.CompatibilityLevel;
import dev.croupier.schemas.registry.RegisteredSchema;
import dev.croupier.schemas.registry.SchemaNotFoundException;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry whose answers are known before the measured loop: every schema registered in
 * {@code @Setup} gets an id, and the decoder's schema cache is warm after its first record. The
 * benchmarks measure decoding, never a registry round trip, so a network registry would only add
 * noise to the set-up.
 */
final class PrefilledRegistry implements SchemaRegistryClient {
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, Integer> bySubjectAndSchema = new HashMap<>();
  private int nextId = 1;

  @Override
  public synchronized int register(String subject, Schema schema) {
    return bySubjectAndSchema.computeIfAbsent(
        subject + "\n" + schema,
        k -> {
          int id = nextId++;
          byId.put(id, schema);
          return id;
        });
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    Integer id = bySubjectAndSchema.get(subject + "\n" + schema);
    if (id == null) {
      throw new SchemaNotFoundException("subject " + subject + " has no such schema", 40403);
    }
    return id;
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    Schema s = byId.get(id);
    if (s == null) {
      throw new SchemaNotFoundException("no schema with id " + id, 40403);
    }
    return s;
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    throw new UnsupportedOperationException("not needed to decode");
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return true;
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    return CompatibilityLevel.BACKWARD;
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {}

  @Override
  public void close() {}
}
