package dev.croupier.udfs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.udfs.types.SerializerTypeInfo;
import dev.croupier.udfs.types.StateMigration;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlayerCellsTypeInfoTest {
  private static final TypeSerializer<PlayerCells> OWN = PlayerCellsTypeInfo.Serializer.INSTANCE;

  /** Three cells (one global, null gameId) in arrays with a spare slot, a flush pending. */
  private static PlayerCells cells() {
    PlayerCells c = new PlayerCells();
    c.count = 3;
    c.metric = new byte[] {0, 1, 2, 0};
    c.gameId = new String[] {"g-1", null, "ゲーム-😀", null};
    c.windowSize = new long[] {3_600_000, 3_600_000, 86_400_000, 0};
    c.windowStart = new long[] {7_200_000, 7_200_000, 0, 0};
    c.cents = new long[] {250, -400, 1_000_000, 0};
    c.achievedAt = new long[] {7_300_000, 7_301_000, 7_302_000, 0};
    c.dirty = new boolean[] {true, false, true, false};
    c.version = new long[] {3, 1, 7, 0};
    c.flushAt = 123_456;
    return c;
  }

  private static PlayerCells hop(TypeSerializer<PlayerCells> s, PlayerCells c) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(c, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    PlayerCells back = s.deserialize(in);
    assertThat(in.available()).isZero();
    return back;
  }

  @Test
  void shouldCarryEveryFieldAsThePojoSerializerDoes() throws Exception {
    TypeSerializer<PlayerCells> pojo =
        Types.POJO(PlayerCells.class).createSerializer(new SerializerConfigImpl());
    PlayerCells shortVersions = cells(); // restored from the layout before versions
    shortVersions.version = new long[0];
    for (PlayerCells c : List.of(cells(), shortVersions, new PlayerCells())) {
      assertThat(hop(OWN, c)).usingRecursiveComparison().isEqualTo(c).isEqualTo(hop(pojo, c));
    }
    assertThat(
            Arrays.stream(PlayerCells.class.getDeclaredFields())
                .filter(
                    f ->
                        !Modifier.isStatic(f.getModifiers())
                            && !Modifier.isTransient(f.getModifiers())))
        .extracting(Field::getName)
        .as("a new field needs its place in PlayerCellsTypeInfo.Serializer")
        .hasSize(10);
  }

  @Test
  void shouldCopyDeeplyForTheHeapBackendsCopyOnWrite() {
    PlayerCells original = cells();
    PlayerCells copy = OWN.copy(original);
    copy.metric[0] = 2;
    copy.gameId[0] = "other";
    copy.cents[1] = 0;
    copy.dirty[0] = false;
    copy.version[2] = 8;
    copy.windowStart[0] = 1;
    copy.windowSize[0] = 1;
    copy.achievedAt[0] = 1;
    assertThat(original).usingRecursiveComparison().isEqualTo(cells());
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "rocksdb"})
  void shouldRestoreCellsAnEarlierVersionKeptAsAPojo(String backend) throws Exception {
    assertThat(
            StateMigration.restoreAndRead(
                LeaderboardFunction.CELLS_STATE,
                Types.POJO(PlayerCells.class),
                PlayerCellsTypeInfo.INSTANCE,
                cells(),
                backend))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).usingRecursiveComparison().isEqualTo(cells()));
  }

  /** A metric order no version had: each metric's position differs from its ordinal. */
  private static final List<String> MOVED = List.of("BIGGEST_WIN", "WAGERED", "NET_WIN");

  /** Leaderboard state as a version that kept the metrics in {@code list} wrote it. */
  private static SerializerTypeInfo<PlayerCells> writtenWith(List<String> list) {
    return new SerializerTypeInfo<>(
        PlayerCells.class, PlayerCellsTypeInfo.Serializer.INSTANCE.stored(List.of(list))) {};
  }

  /**
   * Savepoints hold every player's cells with metrics by position: state written before a metric
   * was inserted, moved or removed must restore each metric by its name.
   */
  @ParameterizedTest
  @ValueSource(strings = {"heap", "rocksdb"})
  void shouldRestoreCellsWrittenWithAnotherMetricOrderByName(String backend) throws Exception {
    assertThat(
            StateMigration.restoreAndRead(
                LeaderboardFunction.CELLS_STATE,
                writtenWith(MOVED),
                PlayerCellsTypeInfo.INSTANCE,
                cells(),
                backend))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).usingRecursiveComparison().isEqualTo(cells()));
  }

  @Test
  void shouldWriteMetricsAsPositionsInTheSnapshotsList() throws Exception {
    // Given cells written by a version with the metrics in another order
    TypeSerializer<PlayerCells> before = writtenWith(MOVED).createSerializer(null);
    DataOutputSerializer out = new DataOutputSerializer(64);
    before.serialize(cells(), out);
    byte[] state = out.getCopyOfBuffer();

    // Then its own serializer reads them back by name, while by position they are other metrics
    assertThat(before.deserialize(new DataInputDeserializer(state)))
        .usingRecursiveComparison()
        .isEqualTo(cells());
    assertThat(OWN.deserialize(new DataInputDeserializer(state)).metric)
        .startsWith(
            (byte) Metric.NET_WIN.ordinal(),
            (byte) Metric.BIGGEST_WIN.ordinal(),
            (byte) Metric.WAGERED.ordinal());
    // and the snapshot of that version asks for a migration
    assertThat(
            OWN.snapshotConfiguration()
                .resolveSchemaCompatibility(throughASavepoint(before.snapshotConfiguration())))
        .matches(TypeSerializerSchemaCompatibility::isCompatibleAfterMigration);
  }

  @Test
  void shouldRefuseCellsHoldingAMetricThatNoLongerExists() throws Exception {
    // Given state of a version with a metric since removed (Metric has no fallback)
    TypeSerializerSnapshot<PlayerCells> savepoint =
        throughASavepoint(
            writtenWith(List.of("WAGERED", "NET_WIN", "BIGGEST_WIN", "BIGGEST_LOSS"))
                .createSerializer(null)
                .snapshotConfiguration());

    // Then it is refused at restore rather than read as another metric
    assertThat(OWN.snapshotConfiguration().resolveSchemaCompatibility(savepoint))
        .matches(TypeSerializerSchemaCompatibility::isIncompatible);
  }

  @Test
  void shouldReadSnapshotsOfVersion3WithTheListOfThatVersion() throws Exception {
    // Given a snapshot as version 3 wrote it (Flink's simple snapshot: class name, version,
    // nothing)
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF(PlayerCellsTypeInfo.Serializer.Snapshot.class.getName());
    out.writeInt(3);
    TypeSerializerSnapshot<PlayerCells> v3 =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()),
            PlayerCellsTypeInfoTest.class.getClassLoader());

    // Then it restores with the metrics of version 3, which are today's
    assertThat(v3.restoreSerializer()).isEqualTo(PlayerCellsTypeInfo.Serializer.OF_VERSION_3);
    assertThat(OWN.snapshotConfiguration().resolveSchemaCompatibility(v3))
        .matches(TypeSerializerSchemaCompatibility::isCompatibleAsIs);
  }

  private static TypeSerializerSnapshot<PlayerCells> throughASavepoint(
      TypeSerializerSnapshot<PlayerCells> snapshot) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        PlayerCellsTypeInfoTest.class.getClassLoader());
  }
}
