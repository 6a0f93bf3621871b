package dev.croupier.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A fake of the registry interface for unit tests of pure logic: subjects and ids in memory (ids
 * start at 1000 and step by 7, so tests cannot assume contiguous ids), no compatibility checks,
 * request counters, and a switch that makes every call fail as if the registry were down.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, List<Integer>> subjects = new HashMap<>();
  private final Map<Integer, String> foreign = new HashMap<>();
  private final Map<Integer, Integer> hiddenFor = new HashMap<>();
  private int nextId = 1000;
  private boolean down;
  public final AtomicInteger registerCalls = new AtomicInteger();
  public final AtomicInteger getIdCalls = new AtomicInteger();
  public final AtomicInteger getByIdCalls = new AtomicInteger();

  /** From now on every call fails with status 503, as an unreachable registry would. */
  public void goDown() {
    down = true;
  }

  /** Id {@code id} now names a schema of {@code type} (JSON, PROTOBUF), as a registry may hold. */
  public synchronized void addForeign(int id, String type) {
    foreign.put(id, type);
  }

  /**
   * The next {@code answers} lookups of {@code id} answer 404, as a registry replica that has not
   * yet seen a schema registered a moment ago.
   */
  public synchronized void hide(int id, int answers) {
    hiddenFor.put(id, answers);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    registerCalls.incrementAndGet();
    failIfDown();
    Integer existing = find(subject, schema);
    if (existing != null) {
      return existing;
    }
    int id = nextId;
    nextId += 7;
    byId.put(id, schema);
    subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
    return id;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    getIdCalls.incrementAndGet();
    failIfDown();
    Integer existing = find(subject, schema);
    if (existing == null) {
      throw new SchemaNotFoundException("schema not found under " + subject, 40403);
    }
    return existing;
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    getByIdCalls.incrementAndGet();
    failIfDown();
    if (foreign.containsKey(id)) {
      throw new UnusableSchemaException("the schema is " + foreign.get(id) + ", not AVRO", null);
    }
    int hidden = hiddenFor.getOrDefault(id, 0);
    if (hidden > 0) {
      hiddenFor.put(id, hidden - 1);
      throw new SchemaNotFoundException("schema " + id + " not found (yet)", 40403);
    }
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException("schema " + id + " not found", 40403);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema getLatest(String subject) {
    failIfDown();
    List<Integer> ids = subjects.get(subject);
    if (ids == null) {
      throw new SchemaNotFoundException("subject " + subject + " not found", 40401);
    }
    int id = ids.get(ids.size() - 1);
    return new RegisteredSchema(subject, id, ids.size(), byId.get(id));
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    failIfDown();
    return true;
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    failIfDown();
    return CompatibilityLevel.NONE;
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    throw new UnsupportedOperationException("the fake does not check compatibility");
  }

  @Override
  public void close() {}

  private Integer find(String subject, Schema schema) {
    for (int id : subjects.getOrDefault(subject, List.of())) {
      if (byId.get(id).equals(schema)) {
        return id;
      }
    }
    return null;
  }

  private void failIfDown() {
    if (down) {
      throw new SchemaRegistryException("registry unavailable (fake)", 503, -1, null);
    }
  }
}
