package dev.croupier.udfs.balance;

import dev.croupier.udfs.types.MutableSerializer;
import dev.croupier.udfs.types.SerializerTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's type of {@link LedgerEntry}: a hand-written serializer for the keyBy hop in front of the
 * ledger. Flink's POJO serializer reads and writes every field by reflection with a null marker
 * each, and was ~11 % of the balance job's ledger task in JFR (LedgerEntrySerdeBench compares the
 * two). A LedgerEntry is never kept in state, only sent between operators, so its format may change
 * between versions without touching savepoints.
 */
public final class LedgerEntryTypeInfo extends SerializerTypeInfo<LedgerEntry> {
  private static final long serialVersionUID = 1L;

  public static final LedgerEntryTypeInfo INSTANCE = new LedgerEntryTypeInfo();

  /** Named by {@code @TypeInfo} on {@link LedgerEntry}. */
  public static final class Factory extends TypeInfoFactory<LedgerEntry> {
    @Override
    public TypeInformation<LedgerEntry> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return INSTANCE;
    }
  }

  private LedgerEntryTypeInfo() {
    super(LedgerEntry.class, Serializer.INSTANCE);
  }

  /** Every field in declaration order; strings and bytes may be null. */
  public static final class Serializer extends MutableSerializer<LedgerEntry> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE = new Serializer();

    @Override
    public LedgerEntry createInstance() {
      return new LedgerEntry();
    }

    @Override
    public LedgerEntry copy(LedgerEntry from, LedgerEntry to) {
      to.setEventId(from.getEventId());
      to.setUserId(from.getUserId());
      to.setOccurredAt(from.getOccurredAt());
      to.setCurrency(from.getCurrency());
      to.setSourceTopic(from.getSourceTopic());
      Amounts d = new Amounts();
      Amounts f = from.getDelta();
      d.setBalance(f.getBalance());
      d.setDeposited(f.getDeposited());
      d.setWithdrawn(f.getWithdrawn());
      d.setStaked(f.getStaked());
      d.setPaidOut(f.getPaidOut());
      d.setBonus(f.getBonus());
      to.setDelta(d);
      to.setPartition(from.getPartition());
      to.setOffset(from.getOffset());
      to.setRecordTimestamp(from.getRecordTimestamp());
      to.setValue(from.getValue() == null ? null : from.getValue().clone());
      to.setUnknownSymbol(from.getUnknownSymbol());
      return to;
    }

    @Override
    public void serialize(LedgerEntry e, DataOutputView out) throws IOException {
      StringValue.writeString(e.getEventId(), out);
      StringValue.writeString(e.getUserId(), out);
      out.writeLong(e.getOccurredAt());
      StringValue.writeString(e.getCurrency(), out);
      StringValue.writeString(e.getSourceTopic(), out);
      Amounts d = e.getDelta();
      out.writeLong(d.getBalance());
      out.writeLong(d.getDeposited());
      out.writeLong(d.getWithdrawn());
      out.writeLong(d.getStaked());
      out.writeLong(d.getPaidOut());
      out.writeLong(d.getBonus());
      out.writeInt(e.getPartition());
      out.writeLong(e.getOffset());
      out.writeLong(e.getRecordTimestamp());
      byte[] value = e.getValue();
      out.writeInt(value == null ? -1 : value.length);
      if (value != null) {
        out.write(value);
      }
      StringValue.writeString(e.getUnknownSymbol(), out);
    }

    @Override
    public LedgerEntry deserialize(LedgerEntry e, DataInputView in) throws IOException {
      e.setEventId(StringValue.readString(in));
      e.setUserId(StringValue.readString(in));
      e.setOccurredAt(in.readLong());
      e.setCurrency(StringValue.readString(in));
      e.setSourceTopic(StringValue.readString(in));
      Amounts d = new Amounts();
      d.setBalance(in.readLong());
      d.setDeposited(in.readLong());
      d.setWithdrawn(in.readLong());
      d.setStaked(in.readLong());
      d.setPaidOut(in.readLong());
      d.setBonus(in.readLong());
      e.setDelta(d);
      e.setPartition(in.readInt());
      e.setOffset(in.readLong());
      e.setRecordTimestamp(in.readLong());
      int length = in.readInt();
      byte[] value = null;
      if (length >= 0) {
        value = new byte[length];
        in.readFully(value);
      }
      e.setValue(value);
      e.setUnknownSymbol(StringValue.readString(in));
      return e;
    }

    @Override
    public TypeSerializerSnapshot<LedgerEntry> snapshotConfiguration() {
      return new Snapshot();
    }

    /** For Flink's serializer snapshots (never in this job's state, but the API asks). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LedgerEntry> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
