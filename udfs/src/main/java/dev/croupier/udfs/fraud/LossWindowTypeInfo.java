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
 * Flink's type of chip-dumping's {@link LossWindow} in keyed state ({@code losses}). Why a
 * serializer of its own: the heap backend writes the whole window into every checkpoint, and
 * Flink's POJO serializer wrote its counterparties and eventIds a char at a time; in JFR of the
 * three jobs together, heap snapshots were the TaskManager's largest CPU user and string arrays
 * half of them. State a POJO serializer wrote (earlier versions) is migrated on restore.
 */
public final class LossWindowTypeInfo extends SerializerTypeInfo<LossWindow> {
  private static final long serialVersionUID = 1L;

  public static final LossWindowTypeInfo INSTANCE = new LossWindowTypeInfo();

  private LossWindowTypeInfo() {
    super(LossWindow.class, Serializer.INSTANCE);
  }

  /**
   * The base fields ({@link CompactWindowFormat}), then lost, counterparty, eventId, total,
   * counterparties, counterpartyLosses, overflowed; each column whole.
   */
  public static final class Serializer extends MutableSerializer<LossWindow> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE = new Serializer();

    @Override
    public LossWindow createInstance() {
      return new LossWindow();
    }

    @Override
    public LossWindow copy(LossWindow from, LossWindow to) {
      CompactWindowFormat.copyBase(from, to);
      to.lost = from.lost == null ? null : from.lost.clone();
      to.counterparty = from.counterparty == null ? null : from.counterparty.clone();
      to.eventId = from.eventId == null ? null : from.eventId.clone();
      to.total = from.total;
      to.counterparties = from.counterparties == null ? null : from.counterparties.clone();
      to.counterpartyLosses =
          from.counterpartyLosses == null ? null : from.counterpartyLosses.clone();
      to.overflowed = from.overflowed;
      return to;
    }

    @Override
    public void serialize(LossWindow w, DataOutputView out) throws IOException {
      CompactWindowFormat.writeBase(w, out);
      ArrayColumns.writeLongs(w.lost, out);
      Utf8Strings.writeArray(w.counterparty, out);
      Utf8Strings.writeArray(w.eventId, out);
      out.writeLong(w.total);
      Utf8Strings.writeArray(w.counterparties, out);
      ArrayColumns.writeLongs(w.counterpartyLosses, out);
      out.writeBoolean(w.overflowed);
    }

    @Override
    public LossWindow deserialize(LossWindow w, DataInputView in) throws IOException {
      CompactWindowFormat.readBase(w, in);
      w.lost = ArrayColumns.readLongs(in);
      w.counterparty = Utf8Strings.readArray(in);
      w.eventId = Utf8Strings.readArray(in);
      w.total = in.readLong();
      w.counterparties = Utf8Strings.readArray(in);
      w.counterpartyLosses = ArrayColumns.readLongs(in);
      w.overflowed = in.readBoolean();
      return w;
    }

    @Override
    public TypeSerializerSnapshot<LossWindow> snapshotConfiguration() {
      return new Snapshot();
    }

    /** POJO state of earlier versions is migrated on restore. */
    public static final class Snapshot extends PojoReplacingSnapshot<LossWindow> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
