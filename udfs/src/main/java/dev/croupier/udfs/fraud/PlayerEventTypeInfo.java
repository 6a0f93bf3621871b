package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.udfs.types.SerializerTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's type of {@link PlayerEvent} in the fraud job's hot paths: its network edges (decoding
 * gates → {@code keyBy} → player timeline, timeline → each rule, the multi-accounting links, the
 * early track) and the event-time sorters' buffered events ({@code pending-by-time}).
 *
 * <p>Why not Flink's POJO serializer: it reads and writes every field by reflection with a null
 * marker each, and writes strings one char at a time. On a network edge that was ~12–18 % of the
 * player-timeline task in JFR; in a heap checkpoint each char became a call into a synchronized
 * {@code DataOutputStream.write}, and the sorters' buffers were most of the fraud job's checkpoint
 * time. This serializer writes the fields in a fixed order and each string as one block of UTF-8.
 *
 * <p>State: sorter state written with the POJO serializer (savepoints and checkpoints of earlier
 * versions) is migrated on restore ({@link Serializer.Snapshot} answers "compatible after
 * migration" to a POJO snapshot). Other keyed state that names the class (impossible-travel's last
 * login, POJO fields of rule windows) keeps the POJO serializer: this type is deliberately not
 * declared on the class (no {@code @TypeInfo}). Network formats are never in a savepoint (aligned
 * checkpoints, the jobs' default, hold no in-flight records).
 */
public final class PlayerEventTypeInfo extends SerializerTypeInfo<PlayerEvent> {
  private static final long serialVersionUID = 1L;

  public static final PlayerEventTypeInfo INSTANCE = new PlayerEventTypeInfo();

  private PlayerEventTypeInfo() {
    super(PlayerEvent.class, Serializer.INSTANCE);
  }

  /**
   * Every field in declaration order: strings as one UTF-8 block behind a variable-length length (0
   * = null), enums as ordinal + 1 in a byte (0 = null), the two coordinates behind a presence byte.
   * Strings round-trip exactly when they are well-formed UTF-16, as every string decoded from Avro
   * (UTF-8 on the wire) is. Enums by ordinal are in the sorters' savepoints: a changed symbol list
   * needs a new snapshot version that maps old ordinals by name ({@code PlayerEventTypeInfoTest}
   * pins the lists).
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
      writeString(e.eventId, out);
      writeString(e.userId, out);
      out.writeLong(e.occurredAt);
      writeString(e.currency, out);
      out.writeLong(e.stake);
      out.writeLong(e.payout);
      out.writeByte(ordinal(e.outcome));
      writeString(e.counterpartyUserId, out);
      out.writeByte(ordinal(e.paymentKind));
      out.writeByte(ordinal(e.paymentStatus));
      out.writeLong(e.amount);
      writeString(e.instrumentId, out);
      writeString(e.ip, out);
      writeString(e.deviceId, out);
      out.writeByte(ordinal(e.accountKind));
      writeString(e.country, out);
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
      e.eventId = readString(in);
      e.userId = readString(in);
      e.occurredAt = in.readLong();
      e.currency = readString(in);
      e.stake = in.readLong();
      e.payout = in.readLong();
      e.outcome = of(OUTCOMES, in.readByte());
      e.counterpartyUserId = readString(in);
      e.paymentKind = of(PAYMENT_KINDS, in.readByte());
      e.paymentStatus = of(PAYMENT_STATUSES, in.readByte());
      e.amount = in.readLong();
      e.instrumentId = readString(in);
      e.ip = readString(in);
      e.deviceId = readString(in);
      e.accountKind = of(ACCOUNT_KINDS, in.readByte());
      e.country = readString(in);
      int present = in.readByte();
      e.latitude = (present & LATITUDE) != 0 ? in.readDouble() : null;
      e.longitude = (present & LONGITUDE) != 0 ? in.readDouble() : null;
      return e;
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
      if (s == null) {
        out.writeByte(0);
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeLength(utf8.length + 1, out);
      out.write(utf8); // one call: in a heap checkpoint each write is a synchronized stream call
    }

    private static String readString(DataInputView in) throws IOException {
      int n = readLength(in);
      if (n == 0) {
        return null;
      }
      byte[] utf8 = new byte[n - 1];
      in.readFully(utf8);
      return new String(utf8, StandardCharsets.UTF_8);
    }

    /** 7 bits per byte, low first; the high bit says another byte follows. */
    private static void writeLength(int n, DataOutputView out) throws IOException {
      while ((n & ~0x7F) != 0) {
        out.writeByte((n & 0x7F) | 0x80);
        n >>>= 7;
      }
      out.writeByte(n);
    }

    private static int readLength(DataInputView in) throws IOException {
      int n = 0;
      for (int shift = 0; shift < 32; shift += 7) {
        int b = in.readUnsignedByte();
        n |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          if (n < 0) {
            break;
          }
          return n;
        }
      }
      throw new IOException("not a PlayerEvent string length");
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

    /**
     * This serializer's snapshot. It also decides about state of an earlier version: the same
     * snapshot is compatible as is; the POJO serializer's (the sorters' state before) needs a
     * migration, which Flink runs on restore (read with the old serializer, written with this one).
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PlayerEvent> {
      public Snapshot() {
        super(() -> INSTANCE);
      }

      @Override
      public TypeSerializerSchemaCompatibility<PlayerEvent> resolveSchemaCompatibility(
          TypeSerializerSnapshot<PlayerEvent> old) {
        if (old instanceof PojoSerializerSnapshot) {
          return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return super.resolveSchemaCompatibility(old);
      }
    }
  }
}
