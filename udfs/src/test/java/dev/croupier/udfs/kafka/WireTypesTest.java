package dev.croupier.udfs.kafka;

import static dev.croupier.schemas.SampleRecords.bet;
import static dev.croupier.schemas.SampleRecords.deadLetter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.SchemaRegistration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.EitherSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.types.Either;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** How Flink sees the serdes: Avro types (never Kryo) and plain serializable configuration. */
class WireTypesTest {

  private static final RegistryConfig REGISTRY =
      RegistryConfig.of("http://127.0.0.1:1/apis/ccompat/v7");

  @Test
  void shouldProduceEitherTypesThatFlinkSerializesWithAvro() throws Exception {
    // Given generic (Kryo) types forbidden, as a job should run
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    TypeInformation<Either<DeadLetter, BetPlaced>> type =
        new WireDeserializationSchema<>(Topics.BETS, REGISTRY, "job").getProducedType();

    // When Flink creates the serializer
    TypeSerializer<Either<DeadLetter, BetPlaced>> serializer = type.createSerializer(config);

    // Then both sides are Avro and both survive a round trip
    assertThat(serializer).isInstanceOf(EitherSerializer.class);
    EitherSerializer<DeadLetter, BetPlaced> either =
        (EitherSerializer<DeadLetter, BetPlaced>) serializer;
    assertThat(either.getLeftSerializer()).isInstanceOf(AvroSerializer.class);
    assertThat(either.getRightSerializer()).isInstanceOf(AvroSerializer.class);
    assertThat(roundTrip(serializer, Either.Right(bet(300)))).isEqualTo(Either.Right(bet(300)));
    assertThat(roundTrip(serializer, Either.Left(deadLetter())))
        .isEqualTo(Either.Left(deadLetter()));
  }

  @Test
  void shouldShipToTaskManagersAsConfigurationWithoutAClient() throws Exception {
    WireDeserializationSchema<BetPlaced> source =
        new WireDeserializationSchema<>(Topics.BETS, REGISTRY, "job");
    WireSerializationSchema<BetPlaced> sink =
        new WireSerializationSchema<>(Topics.BETS, REGISTRY, SchemaRegistration.REGISTER);

    assertThat(InstantiationUtil.clone(source).getProducedType())
        .isEqualTo(source.getProducedType());
    assertThat(InstantiationUtil.clone(sink)).isNotNull();
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
