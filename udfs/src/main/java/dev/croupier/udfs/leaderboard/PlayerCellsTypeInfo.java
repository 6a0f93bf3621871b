package dev.croupier.udfs.leaderboard;

import dev.croupier.udfs.types.ArrayColumns;
import dev.croupier.udfs.types.EnumSymbols;
import dev.croupier.udfs.types.MutableSerializer;
import dev.croupier.udfs.types.SerializerTypeInfo;
import dev.croupier.udfs.types.SymbolListsSnapshot;
import dev.croupier.udfs.types.Utf8Strings;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's type of {@link PlayerCells} in the leaderboard job's keyed state. Why a serializer of its
 * own: the heap backend writes every player's cells into every checkpoint, and Flink's POJO
 * serializer wrote the gameIds a char at a time; in JFR of the three jobs together, heap snapshots
 * were the TaskManager's largest CPU user and string arrays half of them. State a POJO serializer
 * wrote (earlier versions, including the layout before {@link PlayerCells#version}) is migrated on
 * restore: read with that version's POJO serializer, written with this one; so is state written
 * before a {@link Metric} was added, moved or removed (the snapshot keeps the metrics' names).
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
   * A metric is written as its position in the snapshot's list of {@link Metric} names, so cells
   * restore by name after a metric was added, moved or removed ({@link EnumSymbols}); with the
   * current list that position is the ordinal {@link PlayerCells#metric} holds.
   */
  public static final class Serializer extends MutableSerializer<PlayerCells>
      implements SymbolListsSnapshot.WithSymbolLists<Serializer> {
    private static final long serialVersionUID = 1L;

    private static final Metric[] METRICS = Metric.values();

    /** Metric has no fallback: a stored metric that no longer exists refuses the restore. */
    public static final Serializer INSTANCE =
        new Serializer(EnumSymbols.current(Metric.class, null));

    /**
     * The list of snapshot version 3, which kept none (it was Flink's {@code
     * SimpleTypeSerializerSnapshot}): every state written with it used this. Never change it.
     */
    static final Serializer OF_VERSION_3 =
        INSTANCE.stored(List.of(List.of("WAGERED", "NET_WIN", "BIGGEST_WIN")));

    private final EnumSymbols<Metric> metrics;

    /** Whether stored positions are the ordinals: then the column is written and read as is. */
    private final boolean byOrdinal;

    private Serializer(EnumSymbols<Metric> metrics) {
      this.metrics = metrics;
      this.byOrdinal = metrics.equals(EnumSymbols.current(Metric.class, null));
    }

    /** This serializer with positions from a stored list of metric names. */
    @Override
    public Serializer stored(List<List<String>> lists) {
      return new Serializer(metrics.stored(lists.get(0)));
    }

    @Override
    public List<EnumSymbols<?>> enums() {
      return List.of(metrics);
    }

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
      ArrayColumns.writeBytes(byOrdinal ? c.metric : positions(c.metric, c.count), out);
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
      if (!byOrdinal) {
        toOrdinals(c.metric, c.count);
      }
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

    /** The cells' ordinals as positions in this list; spare slots 0. */
    private byte[] positions(byte[] ordinals, int count) throws IOException {
      if (ordinals == null) {
        return null;
      }
      byte[] out = new byte[ordinals.length];
      for (int i = 0; i < Math.min(count, ordinals.length); i++) {
        out[i] = (byte) (metrics.write(METRICS[ordinals[i]]) - 1);
      }
      return out;
    }

    /** Positions in this list, read in place as the ordinals of their names; spare slots 0. */
    private void toOrdinals(byte[] positions, int count) throws IOException {
      if (positions == null) {
        return;
      }
      for (int i = 0; i < positions.length; i++) {
        positions[i] = i < count ? (byte) metrics.read(positions[i] + 1).ordinal() : 0;
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Serializer other && metrics.equals(other.metrics);
    }

    @Override
    public int hashCode() {
      return metrics.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<PlayerCells> snapshotConfiguration() {
      return new Snapshot(this);
    }

    /**
     * The list of metric names ({@link SymbolListsSnapshot}); POJO state of earlier versions is
     * migrated on restore.
     */
    public static final class Snapshot extends SymbolListsSnapshot<PlayerCells, Serializer> {
      /** For reading: {@link #readSnapshot} sets the list. */
      public Snapshot() {
        this(INSTANCE);
      }

      Snapshot(Serializer serializer) {
        super(serializer, INSTANCE, OF_VERSION_3);
      }
    }
  }
}
