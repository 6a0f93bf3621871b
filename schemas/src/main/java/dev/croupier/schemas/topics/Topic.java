package dev.croupier.schemas.topics;

import dev.croupier.schemas.rules.FieldRule;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One Kafka topic and what travels on it: its short id (the {@code topics.<id>} config key), its
 * name, the generated Avro class of its values (and so the reader schema), the key extractor (none
 * for un-keyed topics), the field rules a decoded value must satisfy and whether it is compacted.
 * Pairing them in one value means a job cannot read a topic with the wrong class. Immutable and
 * serializable; {@link #named(String)} gives the same contract under another name. Equal when name
 * and record class are.
 */
public final class Topic<T extends SpecificRecordBase> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final String name;
  private final Class<T> recordClass;
  private final KeyExtractor<T> keyExtractor;
  private final FieldRule<T> rules;
  private final boolean compacted;
  private transient Schema schema;

  Topic(
      String id,
      String name,
      Class<T> recordClass,
      KeyExtractor<T> keyExtractor,
      FieldRule<T> rules,
      boolean compacted) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    this.id = Objects.requireNonNull(id, "id");
    this.name = name;
    this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
    this.keyExtractor = keyExtractor;
    this.rules = Objects.requireNonNull(rules, "rules");
    this.compacted = compacted;
  }

  /**
   * The same contract (id, record class, key, rules, compaction) on a topic called {@code
   * otherName}.
   */
  public Topic<T> named(String otherName) {
    return new Topic<>(id, otherName, recordClass, keyExtractor, rules, compacted);
  }

  /** The topic's short id, e.g. {@code bets}; stays the same under another name. */
  public String id() {
    return id;
  }

  /** The config key that renames the topic: {@code topics.<id>}. */
  public String configKey() {
    return "topics." + id;
  }

  public String name() {
    return name;
  }

  /** Whether the topic is a changelog keeping the latest value per key (cleanup.policy=compact). */
  public boolean compacted() {
    return compacted;
  }

  /** The registry subject of the values: {@code <topic>-value} (Confluent's TopicNameStrategy). */
  public String subject() {
    return name + "-value";
  }

  public Class<T> recordClass() {
    return recordClass;
  }

  /**
   * The schema of the generated class: the writer schema for producers, the reader schema for us.
   */
  public Schema schema() {
    if (schema == null) {
      schema = SpecificData.getForClass(recordClass).getSchema(recordClass);
    }
    return schema;
  }

  public boolean isKeyed() {
    return keyExtractor != null;
  }

  /** The key of {@code record}, or null on an un-keyed topic. */
  public String keyOf(T record) {
    return keyExtractor == null ? null : keyExtractor.keyOf(record);
  }

  /** The key of {@code record} as UTF-8 bytes, or null on an un-keyed topic. */
  public byte[] keyBytesOf(T record) {
    String key = keyOf(record);
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  public FieldRule<T> rules() {
    return rules;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Topic<?> t && name.equals(t.name) && recordClass == t.recordClass;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "Topic{" + name + ", " + recordClass.getSimpleName() + "}";
  }
}
