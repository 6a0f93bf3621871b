package dev.croupier.platform;

import dev.croupier.schemas.avro.AccountEvent;
import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.AvroWireSerializer;
import dev.croupier.schemas.wire.SchemaRegistration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Moves the fraud job's event time past the simulation's last events once the traffic stops. The
 * job releases a player's events, and its alerts, only when the watermark passes them, and with
 * unbounded sources the watermark stands still when traffic ends. One LOGOUT of a clock player per
 * platform.accounts partition, {@link #AHEAD} after the last event, advances it once the other
 * topics have gone idle. No rule looks at a lone logout; the balance and leaderboard jobs do not
 * read platform.accounts.
 */
public final class ClockTick {
  public static final Duration AHEAD = Duration.ofMinutes(10);
  public static final String PLAYER = "croupier-clock";

  private ClockTick() {}

  /** Sends the ticks, stamped {@link #AHEAD} after {@code lastEventAt}. */
  public static void send(String bootstrap, String registryUrl, long lastEventAt) throws Exception {
    Instant at = Instant.ofEpochMilli(lastEventAt).plus(AHEAD);
    try (SchemaRegistryClient registry =
            SchemaRegistryClient.create(RegistryConfig.of(registryUrl));
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class.getName()))) {
      AvroWireSerializer<AccountEvent> wire =
          AvroWireSerializer.forTopic(Topics.ACCOUNTS, registry, SchemaRegistration.REGISTER);
      int partitions = producer.partitionsFor(Topics.ACCOUNTS.name()).size();
      for (int p = 0; p < partitions; p++) {
        String user = PLAYER + "-" + p;
        AccountEvent logout =
            AccountEvent.newBuilder()
                .setEventId(user + "-" + at.toEpochMilli())
                .setOccurredAt(at)
                .setUserId(user)
                .setKind(AccountEventKind.LOGOUT)
                .setIp("127.0.0.1")
                .setDeviceId(user)
                .setCountry("ZZ")
                .setLatitude(null)
                .setLongitude(null)
                .build();
        producer.send(
            new ProducerRecord<>(
                Topics.ACCOUNTS.name(),
                p,
                user.getBytes(StandardCharsets.UTF_8),
                wire.serialize(logout)));
      }
      producer.flush();
    }
  }
}
