package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's type of {@link PlayerEvent} <b>between operators only</b>: a hand-written serializer for
 * the fraud job's network edges (decoding gates → {@code keyBy} → player timeline, timeline → each
 * rule, the multi-accounting links). Flink's POJO serializer reads and writes every field by
 * reflection with a null marker each; it was ~12 % of the player timeline task in JFR (serializing
 * once per rule an event goes to, deserializing once). {@code PlayerEventSerdeBench} compares the
 * two.
 *
 * <p>Keyed state keeps {@code Types.POJO(PlayerEvent.class)} (the sorters' {@code pending-by-time},
 * impossible-travel's last login, the POJO fields of rule windows): this type is deliberately not
 * declared on the class (no {@code @TypeInfo}), so nothing that derives a type from the class, and
 * no savepoint, changes. The format may change between versions: it is never in a savepoint
 * (aligned checkpoints, the jobs' default, hold no in-flight records).
 */
public final class PlayerEventTypeInfo extends TypeInformation<PlayerEvent> {
  private static final long serialVersionUID = 1L;

  public static final PlayerEventTypeInfo INSTANCE = new PlayerEventTypeInfo();

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<PlayerEvent> getTypeClass() {
    return PlayerEvent.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<PlayerEvent> createSerializer(SerializerConfig config) {
    return Serializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "PlayerEvent";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlayerEventTypeInfo;
  }

  @Override
  public int hashCode() {
    return PlayerEventTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof PlayerEventTypeInfo;
  }

  /**
   * Every field in declaration order: strings as Flink's {@link StringValue} (null allowed), enums
   * as ordinal + 1 in a byte (0 = null), the two coordinates behind a presence byte.
   */
  public static final class Serializer extends TypeSerializerSingleton<PlayerEvent> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE = new Serializer();

    // values() copies its array on every call: once here
    private static final PlayerEvent.Source[] SOURCES = PlayerEvent.Source.values();
    private static final BetOutcome[] OUTCOMES = BetOutcome.values();
    private static final PaymentKind[] PAYMENT_KINDS = PaymentKind.values();
    private static final PaymentStatus[] PAYMENT_STATUSES = PaymentStatus.values();
    private static final AccountEventKind[] ACCOUNT_KINDS = AccountEventKind.values();

    private static final int LATITUDE = 1;
    private static final int LONGITUDE = 2;

    @Override
    public boolean isImmutableType() {
      return false;
    }

    @Override
    public PlayerEvent createInstance() {
      return new PlayerEvent();
    }

    @Override
    public PlayerEvent copy(PlayerEvent from) {
      return copy(from, new PlayerEvent());
    }

    @Override
    public PlayerEvent copy(PlayerEvent from, PlayerEvent to) {
      to.source = from.source;
      to.eventId = from.eventId;
      to.userId = from.userId;
      to.occurredAt = from.occurredAt;
      to.currency = from.currency;
      to.stake = from.stake;
      to.payout = from.payout;
      to.outcome = from.outcome;
      to.counterpartyUserId = from.counterpartyUserId;
      to.paymentKind = from.paymentKind;
      to.paymentStatus = from.paymentStatus;
      to.amount = from.amount;
      to.instrumentId = from.instrumentId;
      to.ip = from.ip;
      to.deviceId = from.deviceId;
      to.accountKind = from.accountKind;
      to.country = from.country;
      to.latitude = from.latitude;
      to.longitude = from.longitude;
      return to;
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(PlayerEvent e, DataOutputView out) throws IOException {
      out.writeByte(ordinal(e.source));
      StringValue.writeString(e.eventId, out);
      StringValue.writeString(e.userId, out);
      out.writeLong(e.occurredAt);
      StringValue.writeString(e.currency, out);
      out.writeLong(e.stake);
      out.writeLong(e.payout);
      out.writeByte(ordinal(e.outcome));
      StringValue.writeString(e.counterpartyUserId, out);
      out.writeByte(ordinal(e.paymentKind));
      out.writeByte(ordinal(e.paymentStatus));
      out.writeLong(e.amount);
      StringValue.writeString(e.instrumentId, out);
      StringValue.writeString(e.ip, out);
      StringValue.writeString(e.deviceId, out);
      out.writeByte(ordinal(e.accountKind));
      StringValue.writeString(e.country, out);
      int present = (e.latitude == null ? 0 : LATITUDE) | (e.longitude == null ? 0 : LONGITUDE);
      out.writeByte(present);
      if (e.latitude != null) {
        out.writeDouble(e.latitude);
      }
      if (e.longitude != null) {
        out.writeDouble(e.longitude);
      }
    }

    @Override
    public PlayerEvent deserialize(DataInputView in) throws IOException {
      return deserialize(new PlayerEvent(), in);
    }

    @Override
    public PlayerEvent deserialize(PlayerEvent e, DataInputView in) throws IOException {
      e.source = of(SOURCES, in.readByte());
      e.eventId = StringValue.readString(in);
      e.userId = StringValue.readString(in);
      e.occurredAt = in.readLong();
      e.currency = StringValue.readString(in);
      e.stake = in.readLong();
      e.payout = in.readLong();
      e.outcome = of(OUTCOMES, in.readByte());
      e.counterpartyUserId = StringValue.readString(in);
      e.paymentKind = of(PAYMENT_KINDS, in.readByte());
      e.paymentStatus = of(PAYMENT_STATUSES, in.readByte());
      e.amount = in.readLong();
      e.instrumentId = StringValue.readString(in);
      e.ip = StringValue.readString(in);
      e.deviceId = StringValue.readString(in);
      e.accountKind = of(ACCOUNT_KINDS, in.readByte());
      e.country = StringValue.readString(in);
      int present = in.readByte();
      e.latitude = (present & LATITUDE) != 0 ? in.readDouble() : null;
      e.longitude = (present & LONGITUDE) != 0 ? in.readDouble() : null;
      return e;
    }

    private static int ordinal(Enum<?> e) {
      return e == null ? 0 : e.ordinal() + 1;
    }

    private static <E> E of(E[] values, byte b) throws IOException {
      if (b == 0) {
        return null;
      }
      if (b < 0 || b > values.length) {
        throw new IOException("not a " + values.getClass().getComponentType() + " ordinal: " + b);
      }
      return values[b - 1];
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
      serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PlayerEvent> snapshotConfiguration() {
      return new Snapshot();
    }

    /** For Flink's serializer snapshots (never in the job's state, but the API asks). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PlayerEvent> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
