package dev.croupier.udfs.leaderboard;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.udfs.types.MutableSerializer;
import dev.croupier.udfs.types.SerializerTypeInfo;
import dev.croupier.udfs.types.Utf8Strings;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's type of a decoded {@link BetPlaced} on the leaderboard job's {@code keyBy} hop (bets
 * router → leaderboards), in place of Flink's {@code AvroSerializer}, which encodes the record
 * again through Avro's generic datum writer and decodes it on the other side: in JFR that was 45 %
 * of the source threads' Java samples and 24 % of the leaderboards task's ({@code
 * BoardInputSerdeBench} compares the two). The whole record travels, because a late bet is
 * dead-lettered whole by the leaderboards.
 *
 * <p>Only a network format: no state holds a {@code BetPlaced}, and aligned checkpoints (the jobs'
 * default) hold no in-flight records, so the format may change between versions.
 */
public final class BetPlacedTypeInfo extends SerializerTypeInfo<BetPlaced> {
  private static final long serialVersionUID = 1L;

  public static final BetPlacedTypeInfo INSTANCE = new BetPlacedTypeInfo();

  private BetPlacedTypeInfo() {
    super(BetPlaced.class, Serializer.INSTANCE);
  }

  /**
   * The schema's fields in order: strings as one UTF-8 block each ({@link Utf8Strings}, null
   * allowed), {@code occurredAt} as epoch milliseconds (its precision on the wire), {@code stake}
   * as a long.
   */
  public static final class Serializer extends MutableSerializer<BetPlaced> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE = new Serializer();

    @Override
    public BetPlaced createInstance() {
      return new BetPlaced();
    }

    @Override
    public BetPlaced copy(BetPlaced from, BetPlaced to) {
      // Strings and Instant are immutable: copying the references is a deep copy.
      to.setEventId(from.getEventId());
      to.setOccurredAt(from.getOccurredAt());
      to.setUserId(from.getUserId());
      to.setBetId(from.getBetId());
      to.setGameId(from.getGameId());
      to.setRoundId(from.getRoundId());
      to.setSessionId(from.getSessionId());
      to.setStake(from.getStake());
      to.setCurrency(from.getCurrency());
      return to;
    }

    @Override
    public void serialize(BetPlaced b, DataOutputView out) throws IOException {
      Utf8Strings.write(b.getEventId(), out);
      out.writeLong(b.getOccurredAt().toEpochMilli());
      Utf8Strings.write(b.getUserId(), out);
      Utf8Strings.write(b.getBetId(), out);
      Utf8Strings.write(b.getGameId(), out);
      Utf8Strings.write(b.getRoundId(), out);
      Utf8Strings.write(b.getSessionId(), out);
      out.writeLong(b.getStake());
      Utf8Strings.write(b.getCurrency(), out);
    }

    @Override
    public BetPlaced deserialize(BetPlaced b, DataInputView in) throws IOException {
      b.setEventId(Utf8Strings.read(in));
      b.setOccurredAt(Instant.ofEpochMilli(in.readLong()));
      b.setUserId(Utf8Strings.read(in));
      b.setBetId(Utf8Strings.read(in));
      b.setGameId(Utf8Strings.read(in));
      b.setRoundId(Utf8Strings.read(in));
      b.setSessionId(Utf8Strings.read(in));
      b.setStake(in.readLong());
      b.setCurrency(Utf8Strings.read(in));
      return b;
    }

    @Override
    public TypeSerializerSnapshot<BetPlaced> snapshotConfiguration() {
      return new Snapshot();
    }

    /** For Flink's serializer snapshots (never in the job's state, but the API asks). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BetPlaced> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
