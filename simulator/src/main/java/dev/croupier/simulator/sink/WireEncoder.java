package dev.croupier.simulator.sink;

import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.simulator.event.Topic;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes records in the Confluent wire format: one {@link AvroWireSerializer} per topic, each
 * resolving its schema id through the registry once.
 */
public final class WireEncoder {
  private final Map<Topic, AvroWireSerializer<SpecificRecordBase>> serializers =
      new EnumMap<>(Topic.class);

  public WireEncoder(SchemaRegistryClient registry, SchemaRegistration registration) {
    for (Topic t : Topic.values()) {
      @SuppressWarnings("unchecked") // every input topic carries a generated SpecificRecordBase
      var contract = (dev.croupier.schemas.topics.Topic<SpecificRecordBase>) t.contract();
      serializers.put(t, AvroWireSerializer.forTopic(contract, registry, registration));
    }
  }

  /** The wire bytes of {@code value} for {@code topic}. */
  public byte[] encode(Topic topic, SpecificRecord value) {
    return serializers.get(topic).serialize((SpecificRecordBase) value);
  }
}
