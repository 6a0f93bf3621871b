package dev.croupier.schemas.topics;

import dev.croupier.schemas.rules.FieldRule;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One Kafka topic and what travels on it: its name, the generated Avro class of its values (and so
 * the reader schema), the key extractor (none for un-keyed topics) and the field rules a decoded
 * value must satisfy. Pairing them in one value means a job cannot read a topic with the wrong
 * class. Immutable and serializable; {@link #named(String)} gives the same contract under another
 * name.
 */
public final class Topic<T extends SpecificRecordBase> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final Class<T> recordClass;
  private final KeyExtractor<T> keyExtractor;
  private final FieldRule<T> rules;
  private transient Schema schema;

  Topic(String name, Class<T> recordClass, KeyExtractor<T> keyExtractor, FieldRule<T> rules) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    this.name = name;
    this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
    this.keyExtractor = keyExtractor;
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** The same record class, key and rules on a topic called {@code otherName}. */
  public Topic<T> named(String otherName) {
    return new Topic<>(otherName, recordClass, keyExtractor, rules);
  }

  public String name() {
    return name;
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
  public String toString() {
    return "Topic{" + name + ", " + recordClass.getSimpleName() + "}";
  }
}
