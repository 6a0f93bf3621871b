package dev.croupier.udfs.fraud;

import static dev.croupier.udfs.fraud.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
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

  /**
   * The sorters' buffered events keep enums by ordinal, and savepoints hold them: a symbol added,
   * removed or moved would restore as another symbol. Until the serializer's snapshot carries the
   * symbols (and maps old ordinals by name), this list must change only together with a new
   * snapshot version.
   */
  @Test
  void shouldKeepTheEnumOrderSavepointsOfTheSortersDependOn() {
    assertThat(Arrays.stream(PlayerEvent.Source.values()).map(Enum::name))
        .containsExactly("BET", "SETTLEMENT", "PAYMENT", "ACCOUNT");
    assertThat(Arrays.stream(BetOutcome.values()).map(Enum::name))
        .containsExactly("WIN", "LOSS", "PUSH", "VOID", "UNKNOWN");
    assertThat(Arrays.stream(PaymentKind.values()).map(Enum::name))
        .containsExactly("DEPOSIT", "WITHDRAWAL", "BONUS", "UNKNOWN");
    assertThat(Arrays.stream(PaymentStatus.values()).map(Enum::name))
        .containsExactly("REQUESTED", "COMPLETED", "FAILED", "REVERSED", "UNKNOWN");
    assertThat(Arrays.stream(AccountEventKind.values()).map(Enum::name))
        .containsExactly(
            "REGISTERED",
            "LOGIN_SUCCEEDED",
            "LOGIN_FAILED",
            "LOGOUT",
            "PAYOUT_DETAILS_CHANGED",
            "UNKNOWN");
  }
}
