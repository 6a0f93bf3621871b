package dev.croupier.schemas.wire;

import static dev.croupier.schemas.SampleRecords.bet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.registry.InMemorySchemaRegistryClient;
import dev.croupier.schemas.registry.SchemaNotFoundException;
import dev.croupier.schemas.topics.Topics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AvroWireSerializerTest {

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @Test
  void shouldRegisterTheSchemaOnceAndPrefixEveryRecordWithItsId() {
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.REGISTER);

    byte[] first = serializer.serialize(bet(100));
    byte[] second = serializer.serialize(bet(200));
    serializer.serialize(bet(300));

    int id = registry.getLatest("platform.bets-value").id();
    assertThat(registry.registerCalls).hasValue(1);
    assertThat(Arrays.copyOf(first, 5)).containsExactly(WireFormat.header(id));
    assertThat(Arrays.copyOf(second, 5)).containsExactly(WireFormat.header(id));
    assertThat(serializer.schemaId()).isEqualTo(id);
  }

  @Test
  void shouldOnlyLookUpWhenRegistrationIsNotAllowed() {
    int id = registry.register("platform.bets-value", BetPlaced.getClassSchema());
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.LOOKUP_ONLY);

    serializer.serialize(bet(1));
    serializer.serialize(bet(2));

    assertThat(serializer.schemaId()).isEqualTo(id);
    assertThat(registry.getIdCalls).hasValue(1);
    assertThat(registry.registerCalls).hasValue(1); // only the test's own registration
  }

  @Test
  void shouldFailLoudlyWhenALookUpOnlySchemaIsMissing() {
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(
            Topics.BETS.named("unregistered"), registry, SchemaRegistration.LOOKUP_ONLY);

    assertThatThrownBy(() -> serializer.serialize(bet(1)))
        .isInstanceOf(SchemaNotFoundException.class);
  }

  @Test
  void shouldWriteANullRecordAsATombstone() {
    AvroWireSerializer<BetPlaced> serializer =
        AvroWireSerializer.forTopic(Topics.BETS, registry, SchemaRegistration.REGISTER);

    assertThat(serializer.serialize(null)).isNull();
    assertThat(registry.registerCalls).hasValue(0);
  }
}
