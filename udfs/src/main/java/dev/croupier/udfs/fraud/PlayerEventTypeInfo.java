package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.AccountEventKind;
import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.PaymentKind;
import dev.croupier.schemas.avro.PaymentStatus;
import dev.croupier.udfs.types.EnumSymbols;
import dev.croupier.udfs.types.SerializerTypeInfo;
import dev.croupier.udfs.types.SymbolListsSnapshot;
import dev.croupier.udfs.types.Utf8Strings;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
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
 * migration" to a POJO snapshot), and so is state written before an enum symbol was added, moved or
 * removed (the snapshot keeps the symbol lists). Other keyed state that names the class
 * (impossible-travel's last login, POJO fields of rule windows) keeps the POJO serializer: this
 * type is deliberately not declared on the class (no {@code @TypeInfo}). Network formats are never
 * in a savepoint (aligned checkpoints, the jobs' default, hold no in-flight records).
 */
public final class PlayerEventTypeInfo extends SerializerTypeInfo<PlayerEvent> {
  private static final long serialVersionUID = 1L;

  public static final PlayerEventTypeInfo INSTANCE = new PlayerEventTypeInfo();

  private PlayerEventTypeInfo() {
    super(PlayerEvent.class, Serializer.INSTANCE);
  }

  /**
   * Every field in declaration order: strings as one UTF-8 block behind a variable-length length (0
   * = null), enums as their position in a symbol list + 1 in a byte (0 = null), the two coordinates
   * behind a presence byte. Strings round-trip exactly when they are well-formed UTF-16, as every
   * string decoded from Avro (UTF-8 on the wire) is. The symbol lists are in the snapshot, so state
   * written before a symbol was added, moved or removed restores by name ({@link EnumSymbols}).
   */
  public static final class Serializer extends TypeSerializer<PlayerEvent>
      implements SymbolListsSnapshot.WithSymbolLists<Serializer> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE =
        new Serializer(
            EnumSymbols.current(PlayerEvent.Source.class, null),
            avroEnum(BetOutcome.class, BetOutcome.getClassSchema()),
            avroEnum(PaymentKind.class, PaymentKind.getClassSchema()),
            avroEnum(PaymentStatus.class, PaymentStatus.getClassSchema()),
            avroEnum(AccountEventKind.class, AccountEventKind.getClassSchema()));

    /**
     * The lists of snapshot version 3, which kept none (it was Flink's {@code
     * SimpleTypeSerializerSnapshot}): every state written with it used these. Never change them.
     */
    static final Serializer OF_VERSION_3 =
        INSTANCE.stored(
            List.of(
                List.of("BET", "SETTLEMENT", "PAYMENT", "ACCOUNT"),
                List.of("WIN", "LOSS", "PUSH", "VOID", "UNKNOWN"),
                List.of("DEPOSIT", "WITHDRAWAL", "BONUS", "UNKNOWN"),
                List.of("REQUESTED", "COMPLETED", "FAILED", "REVERSED", "UNKNOWN"),
                List.of(
                    "REGISTERED",
                    "LOGIN_SUCCEEDED",
                    "LOGIN_FAILED",
                    "LOGOUT",
                    "PAYOUT_DETAILS_CHANGED",
                    "UNKNOWN")));

    private final EnumSymbols<PlayerEvent.Source> sources;
    private final EnumSymbols<BetOutcome> outcomes;
    private final EnumSymbols<PaymentKind> paymentKinds;
    private final EnumSymbols<PaymentStatus> paymentStatuses;
    private final EnumSymbols<AccountEventKind> accountKinds;

    private static final int LATITUDE = 1;
    private static final int LONGITUDE = 2;

    private Serializer(
        EnumSymbols<PlayerEvent.Source> sources,
        EnumSymbols<BetOutcome> outcomes,
        EnumSymbols<PaymentKind> paymentKinds,
        EnumSymbols<PaymentStatus> paymentStatuses,
        EnumSymbols<AccountEventKind> accountKinds) {
      this.sources = sources;
      this.outcomes = outcomes;
      this.paymentKinds = paymentKinds;
      this.paymentStatuses = paymentStatuses;
      this.accountKinds = accountKinds;
    }

    /** A removed Avro symbol reads as the schema's default, as Avro's own resolution does. */
    private static <E extends Enum<E>> EnumSymbols<E> avroEnum(Class<E> type, Schema schema) {
      String fallback = schema.getEnumDefault();
      return EnumSymbols.current(type, fallback == null ? null : Enum.valueOf(type, fallback));
    }

    /** The five lists in field order, as the snapshot keeps them. */
    @Override
    public List<EnumSymbols<?>> enums() {
      return List.of(sources, outcomes, paymentKinds, paymentStatuses, accountKinds);
    }

    /** This serializer with positions from stored lists, in {@link #enums()} order. */
    @Override
    public Serializer stored(List<List<String>> lists) {
      return new Serializer(
          sources.stored(lists.get(0)),
          outcomes.stored(lists.get(1)),
          paymentKinds.stored(lists.get(2)),
          paymentStatuses.stored(lists.get(3)),
          accountKinds.stored(lists.get(4)));
    }

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
      out.writeByte(sources.write(e.source));
      Utf8Strings.write(e.eventId, out);
      Utf8Strings.write(e.userId, out);
      out.writeLong(e.occurredAt);
      Utf8Strings.write(e.currency, out);
      out.writeLong(e.stake);
      out.writeLong(e.payout);
      out.writeByte(outcomes.write(e.outcome));
      Utf8Strings.write(e.counterpartyUserId, out);
      out.writeByte(paymentKinds.write(e.paymentKind));
      out.writeByte(paymentStatuses.write(e.paymentStatus));
      out.writeLong(e.amount);
      Utf8Strings.write(e.instrumentId, out);
      Utf8Strings.write(e.ip, out);
      Utf8Strings.write(e.deviceId, out);
      out.writeByte(accountKinds.write(e.accountKind));
      Utf8Strings.write(e.country, out);
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
      e.source = sources.read(in.readByte());
      e.eventId = Utf8Strings.read(in);
      e.userId = Utf8Strings.read(in);
      e.occurredAt = in.readLong();
      e.currency = Utf8Strings.read(in);
      e.stake = in.readLong();
      e.payout = in.readLong();
      e.outcome = outcomes.read(in.readByte());
      e.counterpartyUserId = Utf8Strings.read(in);
      e.paymentKind = paymentKinds.read(in.readByte());
      e.paymentStatus = paymentStatuses.read(in.readByte());
      e.amount = in.readLong();
      e.instrumentId = Utf8Strings.read(in);
      e.ip = Utf8Strings.read(in);
      e.deviceId = Utf8Strings.read(in);
      e.accountKind = accountKinds.read(in.readByte());
      e.country = Utf8Strings.read(in);
      int present = in.readByte();
      e.latitude = (present & LATITUDE) != 0 ? in.readDouble() : null;
      e.longitude = (present & LONGITUDE) != 0 ? in.readDouble() : null;
      return e;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
      serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializer<PlayerEvent> duplicate() {
      return this; // immutable
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Serializer other && enums().equals(other.enums());
    }

    @Override
    public int hashCode() {
      return enums().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<PlayerEvent> snapshotConfiguration() {
      return new Snapshot(this);
    }

    /** This serializer's snapshot: its five symbol lists ({@link SymbolListsSnapshot}). */
    public static final class Snapshot extends SymbolListsSnapshot<PlayerEvent, Serializer> {
      /** For reading: {@link #readSnapshot} sets the lists. */
      public Snapshot() {
        this(INSTANCE);
      }

      Snapshot(Serializer serializer) {
        super(serializer, INSTANCE, OF_VERSION_3);
      }
    }
  }
}
