package dev.croupier.udfs.fraud;

import static dev.croupier.udfs.fraud.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.udfs.types.EnumSymbols;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PlayerEventTypeInfoTest {
  private static final TypeSerializer<PlayerEvent> OWN =
      PlayerEventTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());

  /** Every field set, none at its default: a field the serializer forgets cannot pass. */
  private static PlayerEvent everyField() {
    PlayerEvent e = new PlayerEvent();
    e.source = PlayerEvent.Source.ACCOUNT;
    e.eventId = "e-1";
    e.userId = "u-1";
    e.occurredAt = T0;
    e.currency = "EUR";
    e.stake = 1;
    e.payout = 2;
    e.outcome = BetOutcome.values()[BetOutcome.values().length - 1];
    e.counterpartyUserId = "u-2";
    e.paymentKind = PaymentKind.values()[PaymentKind.values().length - 1];
    e.paymentStatus = PaymentStatus.values()[PaymentStatus.values().length - 1];
    e.amount = 3;
    e.instrumentId = "card-1";
    e.ip = "10.0.0.1";
    e.deviceId = "d-1";
    e.accountKind = AccountEventKind.values()[AccountEventKind.values().length - 1];
    e.country = "DE";
    e.latitude = 52.52;
    e.longitude = -13.405;
    return e;
  }

  private static PlayerEvent hop(TypeSerializer<PlayerEvent> s, PlayerEvent e) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(e, out);
    PlayerEvent back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(s.copy(e)).usingRecursiveComparison().isEqualTo(e);
    return back;
  }

  @Test
  void shouldCarryEveryFieldAsThePojoSerializerDoes() throws Exception {
    // Given events with every field set, with none set, and the test traffic's kinds
    TypeSerializer<PlayerEvent> pojo =
        Types.POJO(PlayerEvent.class).createSerializer(new SerializerConfigImpl());
    PlayerEvent everyField = everyField();
    for (Field f : PlayerEvent.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        assertThat(f.get(everyField)).as(f.getName() + " is set").isNotIn(null, 0L);
      }
    }
    PlayerEvent onlyLatitude = everyField();
    onlyLatitude.longitude = null;
    List<PlayerEvent> events =
        List.of(
            everyField,
            onlyLatitude,
            new PlayerEvent(),
            Events.bet("p", T0, 100),
            Events.settled("p", T0, BetOutcome.LOSS, 100, 0, "q"),
            Events.deposit("p", T0, 5000),
            Events.login("p", T0, 48.857, 2.352, "FR"));

    // Then each comes back equal, field by field, as through Flink's POJO serializer
    for (PlayerEvent e : events) {
      assertThat(hop(OWN, e)).usingRecursiveComparison().isEqualTo(e).isEqualTo(hop(pojo, e));
    }
    assertThat(
            Arrays.stream(PlayerEvent.class.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())))
        .as("a new field needs its place in PlayerEventTypeInfo.Serializer")
        .hasSize(19);
  }

  @Test
  void shouldKeepStringsOfAnyLengthAndScriptExactly() throws Exception {
    // Given strings empty, non-ASCII, with a surrogate pair, and long enough for 1, 2 and 3 length
    // bytes
    List<String> strings =
        List.of(
            "",
            "Zürich",
            "東京",
            "ok 😀",
            "x".repeat(126),
            "x".repeat(127),
            "é".repeat(200),
            "y".repeat(20_000));
    for (String s : strings) {
      PlayerEvent e = everyField();
      e.eventId = s;
      e.country = s;
      e.ip = null;

      // Then each comes back exactly, and the next event after it reads right
      DataOutputSerializer out = new DataOutputSerializer(64);
      OWN.serialize(e, out);
      OWN.serialize(everyField(), out);
      DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
      assertThat(OWN.deserialize(in)).usingRecursiveComparison().isEqualTo(e);
      assertThat(OWN.deserialize(in)).usingRecursiveComparison().isEqualTo(everyField());
      assertThat(in.available()).isZero();
    }
  }

  @Test
  void shouldMigrateStateThePojoSerializerWroteAndKeepItsOwnAsIs() {
    // Given the snapshots of the sorters' former state serializer (POJO), of this one, and of an
    // unrelated one
    TypeSerializerSnapshot<PlayerEvent> own = OWN.snapshotConfiguration();
    TypeSerializerSnapshot<PlayerEvent> pojo =
        Types.POJO(PlayerEvent.class)
            .createSerializer(new SerializerConfigImpl())
            .snapshotConfiguration();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<PlayerEvent> other =
        (TypeSerializerSnapshot) StringSerializer.INSTANCE.snapshotConfiguration();

    // Then POJO state is migrated on restore, its own restores as is, anything else is refused
    assertThat(own.resolveSchemaCompatibility(pojo).isCompatibleAfterMigration()).isTrue();
    assertThat(own.resolveSchemaCompatibility(OWN.snapshotConfiguration()).isCompatibleAsIs())
        .isTrue();
    assertThat(own.resolveSchemaCompatibility(other).isIncompatible()).isTrue();
  }

  private static TypeSerializerSnapshot<PlayerEvent> throughASavepoint(
      TypeSerializerSnapshot<PlayerEvent> snapshot) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        PlayerEventTypeInfoTest.class.getClassLoader());
  }

  private static byte[] bytes(TypeSerializer<PlayerEvent> s, PlayerEvent e) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(e, out);
    return out.getCopyOfBuffer();
  }

  private static TypeSerializer<PlayerEvent> restored(TypeSerializerSnapshot<PlayerEvent> s) {
    return s.restoreSerializer();
  }

  /**
   * Savepoints hold the sorters' buffered events, with enums by position: state written before a
   * symbol was inserted, moved or removed must still restore each symbol by its name.
   */
  @Test
  void shouldMigrateStateWrittenWithOtherSymbolListsReadingEachSymbolByName() throws Exception {
    // Given an event written when BetOutcome's symbols were in another order, PaymentKind had a
    // symbol since removed, and AccountEventKind lacked one added since
    PlayerEventTypeInfo.Serializer before =
        PlayerEventTypeInfo.Serializer.INSTANCE.stored(
            List.of(
                List.of("ACCOUNT", "PAYMENT", "SETTLEMENT", "BET"),
                List.of("UNKNOWN", "VOID", "PUSH", "LOSS", "WIN"),
                List.of("CASHBACK", "DEPOSIT", "WITHDRAWAL", "BONUS", "UNKNOWN"),
                List.of("REQUESTED", "COMPLETED", "FAILED", "REVERSED", "UNKNOWN"),
                List.of("REGISTERED", "LOGIN_SUCCEEDED", "LOGIN_FAILED", "LOGOUT", "UNKNOWN")));
    PlayerEvent e = everyField();
    e.source = PlayerEvent.Source.BET;
    e.outcome = BetOutcome.WIN;
    e.paymentKind = PaymentKind.DEPOSIT;
    e.accountKind = AccountEventKind.LOGOUT;
    byte[] state = bytes(before, e);
    TypeSerializerSnapshot<PlayerEvent> savepoint =
        throughASavepoint(before.snapshotConfiguration());

    // Then this version migrates it, and the restored serializer reads every symbol by name
    assertThat(OWN.snapshotConfiguration().resolveSchemaCompatibility(savepoint))
        .matches(TypeSerializerSchemaCompatibility::isCompatibleAfterMigration);
    assertThat(restored(savepoint).deserialize(new DataInputDeserializer(state)))
        .usingRecursiveComparison()
        .isEqualTo(e);
    // (by position the same bytes would be another event)
    assertThat(OWN.deserialize(new DataInputDeserializer(state)).outcome)
        .isEqualTo(BetOutcome.UNKNOWN);

    // And a symbol added since cannot be written in the old positions
    e.accountKind = AccountEventKind.PAYOUT_DETAILS_CHANGED;
    assertThatThrownBy(() -> bytes(before, e)).hasMessageContaining("PAYOUT_DETAILS_CHANGED");
  }

  @Test
  void shouldRefuseStateHoldingASourceThatNoLongerExists() throws Exception {
    // Given state from a version with a REFUND source (Source has no fallback, unlike the Avro
    // enums' UNKNOWN)
    List<List<String>> lists = new ArrayList<>();
    for (EnumSymbols<?> symbols : PlayerEventTypeInfo.Serializer.INSTANCE.enums()) {
      lists.add(symbols.symbols());
    }
    lists.set(0, List.of("BET", "SETTLEMENT", "PAYMENT", "ACCOUNT", "REFUND"));
    TypeSerializerSnapshot<PlayerEvent> savepoint =
        throughASavepoint(
            PlayerEventTypeInfo.Serializer.INSTANCE.stored(lists).snapshotConfiguration());

    // Then it is refused at restore rather than read as something else
    assertThat(OWN.snapshotConfiguration().resolveSchemaCompatibility(savepoint))
        .matches(TypeSerializerSchemaCompatibility::isIncompatible);
  }

  @Test
  void shouldReadSnapshotsOfVersion3WithTheSymbolListsOfThatVersion() throws Exception {
    // Given a snapshot as version 3 wrote it (Flink's simple snapshot: class name, version,
    // nothing)
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF(PlayerEventTypeInfo.Serializer.Snapshot.class.getName());
    out.writeInt(3);
    TypeSerializerSnapshot<PlayerEvent> v3 =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()),
            PlayerEventTypeInfoTest.class.getClassLoader());

    // Then it restores the serializer of version 3's lists, and its own snapshot keeps them
    assertThat(restored(v3)).isEqualTo(PlayerEventTypeInfo.Serializer.OF_VERSION_3);
    assertThat(restored(throughASavepoint(restored(v3).snapshotConfiguration())))
        .isEqualTo(PlayerEventTypeInfo.Serializer.OF_VERSION_3);
    assertThat(OWN.snapshotConfiguration().resolveSchemaCompatibility(v3))
        .matches(
            c ->
                OWN.equals(PlayerEventTypeInfo.Serializer.OF_VERSION_3)
                    ? c.isCompatibleAsIs()
                    : c.isCompatibleAfterMigration());
  }
}
