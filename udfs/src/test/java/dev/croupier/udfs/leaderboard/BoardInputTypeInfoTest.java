package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The leaderboards' keyBy serializers of BetPlaced and BetSettled carry every field of the schema,
 * as Flink's Avro serializer did.
 */
class BoardInputTypeInfoTest {
  private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();
  private static final TypeSerializer<BetPlaced> PLACED =
      BetPlacedTypeInfo.INSTANCE.createSerializer(CONFIG);
  private static final TypeSerializer<BetSettled> SETTLED =
      BetSettledTypeInfo.INSTANCE.createSerializer(CONFIG);

  /**
   * Every field of the schema set to a value of its own, none at its default: found through the
   * schema, so a field added to the .avsc and forgotten by the serializer cannot pass.
   */
  private static <T extends SpecificRecordBase> T everyField(T record) {
    List<Schema.Field> fields = record.getSchema().getFields();
    for (Schema.Field f : fields) {
      Schema type = f.schema();
      if (type.getType() == Schema.Type.UNION) {
        type =
            type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().get();
      }
      Object value =
          switch (type.getType()) {
            case STRING -> "Zürich 😀 " + f.name();
            case LONG ->
                type.getLogicalType() != null
                    ? Instant.ofEpochMilli(1_700_000_000_000L + f.pos())
                    : (Object) (Long.MAX_VALUE - f.pos());
            case ENUM -> BetOutcome.values()[BetOutcome.values().length - 1];
            default -> throw new AssertionError("a field of a new type: " + f);
          };
      record.put(f.pos(), value);
    }
    return record;
  }

  /** Two records written in a row and read back: each reads exactly its own bytes. */
  private static <T> T hop(TypeSerializer<T> s, T record) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(record, out);
    s.serialize(record, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    s.deserialize(in);
    T back = s.deserialize(s.createInstance(), in);
    assertThat(in.available()).isZero();
    return back;
  }

  @Test
  void shouldCarryEveryFieldOfTheSchemaAsAvroDoes() throws IOException {
    // Given records with every field of their schema set
    BetPlaced placed = everyField(new BetPlaced());
    BetSettled settled = everyField(new BetSettled());
    TypeSerializer<BetPlaced> avroPlaced =
        new AvroTypeInfo<>(BetPlaced.class).createSerializer(CONFIG);
    TypeSerializer<BetSettled> avroSettled =
        new AvroTypeInfo<>(BetSettled.class).createSerializer(CONFIG);

    // Then each comes back equal (Avro's equals compares every field), as through Avro's serializer
    assertThat(hop(PLACED, placed)).isEqualTo(placed).isNotSameAs(placed);
    assertThat(hop(SETTLED, settled)).isEqualTo(settled).isNotSameAs(settled);
    assertThat(hop(avroPlaced, placed)).isEqualTo(hop(PLACED, placed));
    assertThat(hop(avroSettled, settled)).isEqualTo(hop(SETTLED, settled));
    assertThat(PLACED.copy(placed)).isEqualTo(placed).isNotSameAs(placed);
    assertThat(SETTLED.copy(settled)).isEqualTo(settled).isNotSameAs(settled);
  }

  @Test
  void shouldCarryEveryOutcomeAndNulls() throws IOException {
    for (BetOutcome outcome : BetOutcome.values()) {
      BetSettled settled = everyField(new BetSettled());
      settled.setOutcome(outcome);
      assertThat(hop(SETTLED, settled).getOutcome()).isEqualTo(outcome);
    }
    // A record built by hand may hold nulls where the schema has none: they travel as nulls.
    BetSettled bare = new BetSettled();
    bare.setOccurredAt(Instant.EPOCH);
    assertThat(hop(SETTLED, bare)).isEqualTo(bare);
    BetPlaced placed = new BetPlaced();
    placed.setOccurredAt(Instant.EPOCH);
    assertThat(hop(PLACED, placed)).isEqualTo(placed);
  }

  @Test
  void shouldBeTheTypesOfTheirClasses() {
    assertThat(BetPlacedTypeInfo.INSTANCE.getTypeClass()).isEqualTo(BetPlaced.class);
    assertThat(BetSettledTypeInfo.INSTANCE.getTypeClass()).isEqualTo(BetSettled.class);
    assertThat(PLACED.snapshotConfiguration().restoreSerializer()).isSameAs(PLACED);
    assertThat(SETTLED.snapshotConfiguration().restoreSerializer()).isSameAs(SETTLED);
  }
}
