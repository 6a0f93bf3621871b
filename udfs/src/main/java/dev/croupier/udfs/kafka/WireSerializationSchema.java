package dev.croupier.udfs.kafka;

import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema.InitializationContext;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a topic's records for a KafkaSink: key from the topic's key extractor as UTF-8 (none for
 * un-keyed topics), value in the Confluent wire format. The schema id is resolved in {@link #open},
 * so a schema the registry refuses (or, lookup-only, does not have) fails the job at start. It
 * names its one target topic ({@link KafkaDatasetFacetProvider}), which the sink's pooled
 * transactional ids need to find the transactions a crashed run left open on that topic.
 */
public final class WireSerializationSchema<T extends SpecificRecordBase>
    implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WireSerializationSchema.class);

  private final Topic<T> topic;
  private final RegistryConfig registry;
  private final SchemaRegistration registration;
  private final RegistryClientFactory clients;
  private transient AvroWireSerializer<T> serializer;

  public WireSerializationSchema(
      Topic<T> topic, RegistryConfig registry, SchemaRegistration registration) {
    this(topic, registry, registration, RegistryClientFactory.rest());
  }

  public WireSerializationSchema(
      Topic<T> topic,
      RegistryConfig registry,
      SchemaRegistration registration,
      RegistryClientFactory clients) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.registration = Objects.requireNonNull(registration, "registration");
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  @Override
  public void open(InitializationContext context, KafkaSinkContext sinkContext) {
    serializer = AvroWireSerializer.forTopic(topic, clients.create(registry), registration);
    int id = serializer.schemaId();
    LOG.info("Writing {} with schema id {} ({}) from {}", topic, id, registration, registry);
  }

  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(
        new DefaultKafkaDatasetFacet(
            DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic.name()))));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    // Event time travels in the record body. The Kafka timestamp is left to the producer (append
    // time), because brokers refuse timestamps far from their clock, and replays or accelerated
    // simulations produce event times hours or days away from it.
    return new ProducerRecord<>(
        topic.name(), null, null, topic.keyBytesOf(element), serializer.serialize(element));
  }
}
