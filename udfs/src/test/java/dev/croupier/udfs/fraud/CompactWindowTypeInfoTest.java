package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.udfs.types.StateMigration;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written state serializers of chip-dumping's and payout-anomaly's windows. */
class CompactWindowTypeInfoTest {
  private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();

  /**
   * Every field set, strings of several scripts, null slots, spare capacity and firing versions.
   */
  private static LossWindow losses(boolean overflowed) {
    LossWindow w = new LossWindow();
    w.add(1_000, 500, "u-2", "e-1");
    w.add(2_000, 700, null, "e-2"); // the house: no counterparty, no eventId
    w.add(3_000, 300, "Zürich-東京-😀", "e-3");
    w.add(4_000, 900, "u-2", "e-4");
    w.add(5_000, 100, "u-3", "e-5");
    w.evictBefore(1_500);
    w.firingVersions.addAll(List.of(1L, 3L));
    w.overflowed = overflowed;
    return w;
  }

  private static SettlementWindow settlements() {
    SettlementWindow w = new SettlementWindow();
    for (int i = 0; i < 6; i++) {
      w.add(1_000L * i, 100L + i, 50L * i, "s-" + i + "-é");
    }
    w.evictBefore(1_000);
    w.firingVersions.add(2L);
    return w;
  }

  private static <T> T hop(TypeSerializer<T> s, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T back = s.deserialize(in);
    assertThat(in.available()).isZero();
    return back;
  }

  private static int instanceFields(Class<?> type) {
    int n = 0;
    for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void shouldCarryEveryFieldAsThePojoSerializerDoes() throws Exception {
    TypeSerializer<LossWindow> pojoLosses = Types.POJO(LossWindow.class).createSerializer(CONFIG);
    TypeSerializer<SettlementWindow> pojoSettlements =
        Types.POJO(SettlementWindow.class).createSerializer(CONFIG);
    for (LossWindow w : List.of(losses(false), losses(true), new LossWindow())) {
      assertThat(hop(LossWindowTypeInfo.Serializer.INSTANCE, w))
          .usingRecursiveComparison()
          .isEqualTo(w)
          .isEqualTo(hop(pojoLosses, w));
    }
    for (SettlementWindow w : List.of(settlements(), new SettlementWindow())) {
      assertThat(hop(SettlementWindowTypeInfo.Serializer.INSTANCE, w))
          .usingRecursiveComparison()
          .isEqualTo(w)
          .isEqualTo(hop(pojoSettlements, w));
    }
    assertThat(instanceFields(LossWindow.class))
        .as("a new field needs its place in LossWindowTypeInfo.Serializer")
        .isEqualTo(10);
    assertThat(instanceFields(SettlementWindow.class))
        .as("a new field needs its place in SettlementWindowTypeInfo.Serializer")
        .isEqualTo(6);
  }

  @Test
  void shouldCopyDeeplyForTheHeapBackendsCopyOnWrite() {
    // Given a copy of each window
    LossWindow losses = losses(false);
    LossWindow lossesCopy = LossWindowTypeInfo.Serializer.INSTANCE.copy(losses);
    SettlementWindow settlements = settlements();
    SettlementWindow settlementsCopy =
        SettlementWindowTypeInfo.Serializer.INSTANCE.copy(settlements);

    // When the copies change the way the rules change a window
    lossesCopy.add(9_000, 1, "u-9", "e-9");
    lossesCopy.evictBefore(4_500);
    lossesCopy.firingVersions.clear();
    settlementsCopy.add(9_000, 1, 1, "s-9");
    settlementsCopy.evictBefore(4_500);

    // Then the originals are untouched
    assertThat(losses).usingRecursiveComparison().isEqualTo(losses(false));
    assertThat(settlements).usingRecursiveComparison().isEqualTo(settlements());
  }

  @Test
  void shouldMigrateThePojoStateOfEarlierVersionsAndKeepItsOwnAsIs() {
    TypeSerializerSnapshot<LossWindow> own =
        LossWindowTypeInfo.Serializer.INSTANCE.snapshotConfiguration();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<LossWindow> other =
        (TypeSerializerSnapshot) StringSerializer.INSTANCE.snapshotConfiguration();
    assertThat(
            own.resolveSchemaCompatibility(
                    Types.POJO(LossWindow.class).createSerializer(CONFIG).snapshotConfiguration())
                .isCompatibleAfterMigration())
        .isTrue();
    assertThat(
            own.resolveSchemaCompatibility(
                    LossWindowTypeInfo.Serializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
    assertThat(own.resolveSchemaCompatibility(other).isIncompatible()).isTrue();
    assertThat(
            SettlementWindowTypeInfo.Serializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(
                    Types.POJO(SettlementWindow.class)
                        .createSerializer(CONFIG)
                        .snapshotConfiguration())
                .isCompatibleAfterMigration())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "rocksdb"})
  void shouldRestoreWindowsAnEarlierVersionKeptAsPojos(String backend) throws Exception {
    // Then each window reads back whole, both times
    assertThat(
            StateMigration.restoreAndRead(
                "losses",
                Types.POJO(LossWindow.class),
                LossWindowTypeInfo.INSTANCE,
                losses(false),
                backend))
        .hasSize(2)
        .allSatisfy(w -> assertThat(w).usingRecursiveComparison().isEqualTo(losses(false)));
    assertThat(
            StateMigration.restoreAndRead(
                "settlements",
                Types.POJO(SettlementWindow.class),
                SettlementWindowTypeInfo.INSTANCE,
                settlements(),
                backend))
        .hasSize(2)
        .allSatisfy(w -> assertThat(w).usingRecursiveComparison().isEqualTo(settlements()));
  }
}
