package dev.croupier.udfs.leaderboard;

import dev.croupier.schemas.avro.BetOutcome;
import dev.croupier.schemas.avro.BetSettled;
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
 * Flink's type of a decoded {@link BetSettled} on the leaderboard job's {@code keyBy} hop (rounds
 * router → leaderboards), in place of Flink's {@code AvroSerializer}; why, and why the whole record
 * travels, as for {@link BetPlacedTypeInfo}.
 *
 * <p>Only a network format: no state holds a {@code BetSettled}, and aligned checkpoints (the jobs'
 * default) hold no in-flight records, so the format may change between versions; both ends of a hop
 * run the same code, so the outcome travels as its ordinal.
 */
public final class BetSettledTypeInfo extends SerializerTypeInfo<BetSettled> {
  private static final long serialVersionUID = 1L;

  public static final BetSettledTypeInfo INSTANCE = new BetSettledTypeInfo();

  private static final BetOutcome[] OUTCOMES = BetOutcome.values();

  private BetSettledTypeInfo() {
    super(BetSettled.class, Serializer.INSTANCE);
  }

  /**
   * The schema's fields in order: strings as one UTF-8 block each ({@link Utf8Strings}, null
   * allowed), {@code occurredAt} as epoch milliseconds (its precision on the wire), the outcome as
   * its ordinal + 1 in a byte (0 = null), the amounts as longs.
   */
  public static final class Serializer extends MutableSerializer<BetSettled> {
    private static final long serialVersionUID = 1L;

    public static final Serializer INSTANCE = new Serializer();

    @Override
    public BetSettled createInstance() {
      return new BetSettled();
    }

    @Override
    public BetSettled copy(BetSettled from, BetSettled to) {
      // Strings, Instant and enums are immutable: copying the references is a deep copy.
      to.setEventId(from.getEventId());
      to.setOccurredAt(from.getOccurredAt());
      to.setUserId(from.getUserId());
      to.setBetId(from.getBetId());
      to.setGameId(from.getGameId());
      to.setRoundId(from.getRoundId());
      to.setOutcome(from.getOutcome());
      to.setStake(from.getStake());
      to.setPayout(from.getPayout());
      to.setCurrency(from.getCurrency());
      to.setCounterpartyUserId(from.getCounterpartyUserId());
      return to;
    }

    @Override
    public void serialize(BetSettled s, DataOutputView out) throws IOException {
      Utf8Strings.write(s.getEventId(), out);
      out.writeLong(s.getOccurredAt().toEpochMilli());
      Utf8Strings.write(s.getUserId(), out);
      Utf8Strings.write(s.getBetId(), out);
      Utf8Strings.write(s.getGameId(), out);
      Utf8Strings.write(s.getRoundId(), out);
      BetOutcome outcome = s.getOutcome();
      out.writeByte(outcome == null ? 0 : outcome.ordinal() + 1);
      out.writeLong(s.getStake());
      out.writeLong(s.getPayout());
      Utf8Strings.write(s.getCurrency(), out);
      Utf8Strings.write(s.getCounterpartyUserId(), out);
    }

    @Override
    public BetSettled deserialize(BetSettled s, DataInputView in) throws IOException {
      s.setEventId(Utf8Strings.read(in));
      s.setOccurredAt(Instant.ofEpochMilli(in.readLong()));
      s.setUserId(Utf8Strings.read(in));
      s.setBetId(Utf8Strings.read(in));
      s.setGameId(Utf8Strings.read(in));
      s.setRoundId(Utf8Strings.read(in));
      int outcome = in.readUnsignedByte();
      s.setOutcome(outcome == 0 ? null : OUTCOMES[outcome - 1]);
      s.setStake(in.readLong());
      s.setPayout(in.readLong());
      s.setCurrency(Utf8Strings.read(in));
      s.setCounterpartyUserId(Utf8Strings.read(in));
      return s;
    }

    @Override
    public TypeSerializerSnapshot<BetSettled> snapshotConfiguration() {
      return new Snapshot();
    }

    /** For Flink's serializer snapshots (never in the job's state, but the API asks). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BetSettled> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
