package dev.croupier.udfs.config;

import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The topic names a job uses: every topic of {@link Topics} under its default name unless its
 * config key ({@code topics.<id>}, e.g. {@code topics.bets}) names another.
 */
public final class TopicNames implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> nameById;

  private TopicNames(Map<String, String> nameById) {
    this.nameById = Collections.unmodifiableMap(new LinkedHashMap<>(nameById));
  }

  /** Every topic under its default name. */
  public static TopicNames defaults() {
    return from(ConfigValues.of(Map.of()));
  }

  static TopicNames from(ConfigValues c) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Topic<?> t : Topics.ALL) {
      names.put(t.id(), c.string(t.configKey(), t.name()));
    }
    return new TopicNames(names);
  }

  /** The configured name of {@code topic}. */
  public String name(Topic<?> topic) {
    String name = nameById.get(topic.id());
    if (name == null) {
      throw new IllegalArgumentException("No configured name for " + topic);
    }
    return name;
  }

  /** {@code topic} under its configured name (record class, key and field rules unchanged). */
  public <T extends SpecificRecordBase> Topic<T> resolve(Topic<T> topic) {
    String configured = name(topic);
    return configured.equals(topic.name()) ? topic : topic.named(configured);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicNames t && nameById.equals(t.nameById);
  }

  @Override
  public int hashCode() {
    return nameById.hashCode();
  }

  @Override
  public String toString() {
    return "TopicNames" + nameById;
  }
}
