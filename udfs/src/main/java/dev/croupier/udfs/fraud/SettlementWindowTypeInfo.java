package dev.croupier.udfs.fraud;

import dev.croupier.udfs.types.ArrayColumns;
import dev.croupier.udfs.types.MutableSerializer;
import dev.croupier.udfs.types.PojoReplacingSnapshot;
import dev.croupier.udfs.types.SerializerTypeInfo;
import dev.croupier.udfs.types.Utf8Strings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's type of payout-anomaly's {@link SettlementWindow} in keyed state ({@code settlements}).
 * Why a serializer of its own: the heap backend writes the whole window into every checkpoint, and
 * Flink's POJO serializer wrote its eventIds a char at a time; in JFR of the three jobs together,
 * heap snapshots were the TaskManager's largest CPU user and string arrays half of them. State a
 * POJO serializer wrote (earlier versions) is migrated on restore.
 */
public final class SettlementWindowTypeInfo extends SerializerTypeInfo<SettlementWindow> {
  private static final long serialVersionUID = 1L;

  public static final SettlementWindowTypeInfo INSTANCE = new SettlementWindowTypeInfo();

  private SettlementWindowTypeInfo() {
    super(SettlementWindow.class, Serializer.INSTANCE);
  }

  /**
   * The base fields ({@link CompactWindowFormat}), then stake, payout, eventId; each column whole.
   */
  public static final class Serializer extends MutableSerializer<SettlementWindow> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE = new Serializer();

    @Override
    public SettlementWindow createInstance() {
      return new SettlementWindow();
    }

    @Override
    public SettlementWindow copy(SettlementWindow from, SettlementWindow to) {
      CompactWindowFormat.copyBase(from, to);
      to.stake = from.stake == null ? null : from.stake.clone();
      to.payout = from.payout == null ? null : from.payout.clone();
      to.eventId = from.eventId == null ? null : from.eventId.clone();
      return to;
    }

    @Override
    public void serialize(SettlementWindow w, DataOutputView out) throws IOException {
      CompactWindowFormat.writeBase(w, out);
      ArrayColumns.writeLongs(w.stake, out);
      ArrayColumns.writeLongs(w.payout, out);
      Utf8Strings.writeArray(w.eventId, out);
    }

    @Override
    public SettlementWindow deserialize(SettlementWindow w, DataInputView in) throws IOException {
      CompactWindowFormat.readBase(w, in);
      w.stake = ArrayColumns.readLongs(in);
      w.payout = ArrayColumns.readLongs(in);
      w.eventId = Utf8Strings.readArray(in);
      return w;
    }

    @Override
    public TypeSerializerSnapshot<SettlementWindow> snapshotConfiguration() {
      return new Snapshot();
    }

    /** POJO state of earlier versions is migrated on restore. */
    public static final class Snapshot extends PojoReplacingSnapshot<SettlementWindow> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
