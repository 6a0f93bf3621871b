package dev.croupier.udfs.leaderboard;

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
 * Flink's type of {@link PlayerCells} in the leaderboard job's keyed state. Why a serializer of its
 * own: the heap backend writes every player's cells into every checkpoint, and Flink's POJO
 * serializer wrote the gameIds a char at a time; in JFR of the three jobs together, heap snapshots
 * were the TaskManager's largest CPU user and string arrays half of them. State a POJO serializer
 * wrote (earlier versions, including the layout before {@link PlayerCells#version}) is migrated on
 * restore: read with that version's POJO serializer, written with this one.
 */
public final class PlayerCellsTypeInfo extends SerializerTypeInfo<PlayerCells> {
  private static final long serialVersionUID = 1L;

  public static final PlayerCellsTypeInfo INSTANCE = new PlayerCellsTypeInfo();

  private PlayerCellsTypeInfo() {
    super(PlayerCells.class, Serializer.INSTANCE);
  }

  /**
   * count, metric, gameId, windowSize, windowStart, cents, achievedAt, dirty, version, flushAt;
   * each array whole (slots beyond {@code count} included), so cells restore exactly as they were.
   */
  public static final class Serializer extends MutableSerializer<PlayerCells> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE = new Serializer();

    @Override
    public PlayerCells createInstance() {
      return new PlayerCells();
    }

    @Override
    public PlayerCells copy(PlayerCells from, PlayerCells to) {
      to.count = from.count;
      to.metric = from.metric == null ? null : from.metric.clone();
      to.gameId = from.gameId == null ? null : from.gameId.clone();
      to.windowSize = from.windowSize == null ? null : from.windowSize.clone();
      to.windowStart = from.windowStart == null ? null : from.windowStart.clone();
      to.cents = from.cents == null ? null : from.cents.clone();
      to.achievedAt = from.achievedAt == null ? null : from.achievedAt.clone();
      to.dirty = from.dirty == null ? null : from.dirty.clone();
      to.version = from.version == null ? null : from.version.clone();
      to.flushAt = from.flushAt;
      return to;
    }

    @Override
    public void serialize(PlayerCells c, DataOutputView out) throws IOException {
      out.writeInt(c.count);
      ArrayColumns.writeBytes(c.metric, out);
      Utf8Strings.writeArray(c.gameId, out);
      ArrayColumns.writeLongs(c.windowSize, out);
      ArrayColumns.writeLongs(c.windowStart, out);
      ArrayColumns.writeLongs(c.cents, out);
      ArrayColumns.writeLongs(c.achievedAt, out);
      ArrayColumns.writeBooleans(c.dirty, out);
      ArrayColumns.writeLongs(c.version, out);
      out.writeLong(c.flushAt);
    }

    @Override
    public PlayerCells deserialize(PlayerCells c, DataInputView in) throws IOException {
      c.count = in.readInt();
      c.metric = ArrayColumns.readBytes(in);
      c.gameId = Utf8Strings.readArray(in);
      c.windowSize = ArrayColumns.readLongs(in);
      c.windowStart = ArrayColumns.readLongs(in);
      c.cents = ArrayColumns.readLongs(in);
      c.achievedAt = ArrayColumns.readLongs(in);
      c.dirty = ArrayColumns.readBooleans(in);
      c.version = ArrayColumns.readLongs(in);
      c.flushAt = in.readLong();
      return c;
    }

    @Override
    public TypeSerializerSnapshot<PlayerCells> snapshotConfiguration() {
      return new Snapshot();
    }

    /** POJO state of earlier versions is migrated on restore. */
    public static final class Snapshot extends PojoReplacingSnapshot<PlayerCells> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
