package dev.croupier.simulator.sink;

import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes records in the Confluent wire format: one {@link AvroWireSerializer} per input topic of
 * {@link Topics}, each resolving its schema id (subject {@code <default topic name>-value}) through
 * the registry once. The bytes do not depend on the name a topic is sent to.
 */
public final class WireEncoder {
  private final Map<String, AvroWireSerializer<SpecificRecordBase>> serializers = new HashMap<>();

  public WireEncoder(SchemaRegistryClient registry, SchemaRegistration registration) {
    for (Topic<?> t : Topics.INPUTS) {
      @SuppressWarnings("unchecked") // every input topic carries a generated SpecificRecordBase
      var contract = (Topic<SpecificRecordBase>) t;
      serializers.put(t.id(), AvroWireSerializer.forTopic(contract, registry, registration));
    }
  }

  /** The wire bytes of {@code value} for {@code topic} (an input topic, under any name). */
  public byte[] encode(Topic<?> topic, SpecificRecord value) {
    AvroWireSerializer<SpecificRecordBase> serializer = serializers.get(topic.id());
    if (serializer == null) {
      throw new IllegalArgumentException("not an input topic: " + topic);
    }
    return serializer.serialize((SpecificRecordBase) value);
  }
}
