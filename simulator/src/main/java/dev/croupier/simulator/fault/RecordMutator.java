package dev.croupier.simulator.fault;

import dev.croupier.schemas.rules.FieldRules;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.wire.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Turns valid input records into records a job must dead-letter, each broken in one known way: bit
 * and byte damage to the wire format, truncations, random and foreign schema ids, huge length
 * prefixes, another topic's record type, null values, and values that decode but break a field rule
 * (negative or huge amounts, far-future or ancient timestamps, blank or oversized ids). Every
 * {@link Mutant} says which {@link DeadLetterReason} a job gives it: each mutation is chosen so
 * that the result can never be a valid record by chance.
 *
 * <p>For fuzz tests and fault drills, which mix mutants in among the valid traffic (the valid
 * records still go out unchanged). Seeded, so a run can be repeated. Oversized mutants (a value of
 * about 1 MB, or a 1 MB eventId) are rationed by {@code oversizedBudget}: a broker and the jobs'
 * producers take them, but a run full of them would only test the disk. Not thread-safe.
 */
public final class RecordMutator {

  /** How a record is broken, and the dead-letter reason that makes it. */
  public enum Mutation {
    BAD_MAGIC_BYTE(DeadLetterReason.BAD_MAGIC_BYTE),
    SHORT_HEADER(DeadLetterReason.TRUNCATED),
    TRUNCATED_BODY(DeadLetterReason.CORRUPT_BODY),
    TRAILING_BYTES(DeadLetterReason.CORRUPT_BODY),
    HUGE_LENGTH_PREFIX(DeadLetterReason.CORRUPT_BODY),
    UNKNOWN_SCHEMA_ID(DeadLetterReason.UNKNOWN_SCHEMA_ID),
    FOREIGN_SCHEMA_ID(DeadLetterReason.FOREIGN_SCHEMA),
    WRONG_RECORD_TYPE(DeadLetterReason.SCHEMA_MISMATCH),
    NULL_VALUE(DeadLetterReason.NULL_VALUE),
    NEGATIVE_AMOUNT(DeadLetterReason.FIELD_RULE),
    HUGE_AMOUNT(DeadLetterReason.AMOUNT_OVERFLOW),
    FUTURE_EVENT_TIME(DeadLetterReason.FUTURE_EVENT_TIME),
    ANCIENT_EVENT_TIME(DeadLetterReason.FIELD_RULE),
    BLANK_USER_ID(DeadLetterReason.FIELD_RULE),
    OVERSIZED_ID(DeadLetterReason.OVERSIZED_FIELD),
    OVERSIZED_VALUE(DeadLetterReason.CORRUPT_BODY);

    private final DeadLetterReason reason;

    Mutation(DeadLetterReason reason) {
      this.reason = reason;
    }

    /** The dead-letter reason every job gives a record broken this way. */
    public DeadLetterReason reason() {
      return reason;
    }
  }

  /** A broken record: its value bytes (null for {@link Mutation#NULL_VALUE}) and how it broke. */
  public record Mutant(Mutation mutation, byte[] value) {
    public DeadLetterReason reason() {
      return mutation.reason();
    }
  }

  /**
   * The first schema id that no registry Croupier is tested with issues; unknown ids are drawn from
   * a small pool above it, as a producer pointed at the wrong registry would send.
   */
  public static final int UNKNOWN_ID_BASE = 1_900_000_000;

  /** The size of an oversized value, below the brokers' and producers' default 1 MiB limits. */
  public static final int OVERSIZED_VALUE_BYTES = 1_000_000;

  private static final int UNKNOWN_ID_POOL = 8;
  private static final Duration FAR_AHEAD = Duration.ofDays(2);

  private final Random random;
  private final BiFunction<Topic<?>, SpecificRecordBase, byte[]> encoder;
  private final List<Integer> foreignSchemaIds;
  private int oversizedBudget;
  private final Map<String, byte[]> lastValidByTopic = new HashMap<>();

  /**
   * @param encoder the wire bytes of a record for a topic (e.g. the simulator's {@code
   *     WireEncoder::encode})
   * @param foreignSchemaIds registry ids of JSON or Protobuf schemas (empty: no such mutants)
   * @param oversizedBudget how many ~1 MB mutants to make at most
   */
  public RecordMutator(
      Random random,
      BiFunction<Topic<?>, SpecificRecordBase, byte[]> encoder,
      List<Integer> foreignSchemaIds,
      int oversizedBudget) {
    this.random = Objects.requireNonNull(random, "random");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.foreignSchemaIds = List.copyOf(foreignSchemaIds);
    this.oversizedBudget = oversizedBudget;
  }

  /**
   * A mutant of {@code valid}, a record of {@code topic} whose Kafka timestamp will be about {@code
   * sendTime} (for a far-future event time), broken in a random way.
   */
  public Mutant mutate(Topic<?> topic, SpecificRecordBase valid, Instant sendTime) {
    if (oversizedBudget > 0 && random.nextInt(500) == 0) {
      // rare (about one draw in 500), and the two oversized kinds take turns
      Mutation big = oversizedBudget % 2 == 0 ? Mutation.OVERSIZED_ID : Mutation.OVERSIZED_VALUE;
      return mutate(topic, valid, sendTime, big);
    }
    List<Mutation> possible = new ArrayList<>(Arrays.asList(Mutation.values()));
    possible.remove(Mutation.OVERSIZED_VALUE);
    possible.remove(Mutation.OVERSIZED_ID);
    if (foreignSchemaIds.isEmpty()) {
      possible.remove(Mutation.FOREIGN_SCHEMA_ID);
    }
    if (amountField(valid) == null) {
      possible.remove(Mutation.NEGATIVE_AMOUNT);
      possible.remove(Mutation.HUGE_AMOUNT);
    }
    if (otherTopicBytes(topic) == null) {
      possible.remove(Mutation.WRONG_RECORD_TYPE);
    }
    return mutate(topic, valid, sendTime, possible.get(random.nextInt(possible.size())));
  }

  /** A mutant of {@code valid} broken as {@code mutation} says. */
  public Mutant mutate(
      Topic<?> topic, SpecificRecordBase valid, Instant sendTime, Mutation mutation) {
    byte[] wire = encoder.apply(topic, valid);
    lastValidByTopic.put(topic.id(), wire);
    byte[] value =
        switch (mutation) {
          case BAD_MAGIC_BYTE -> {
            byte[] v = wire.clone();
            v[0] = (byte) (1 + random.nextInt(255)); // any byte but 0
            yield v;
          }
          case SHORT_HEADER -> Arrays.copyOf(wire, random.nextInt(5));
          case TRUNCATED_BODY -> Arrays.copyOf(wire, 5 + random.nextInt(wire.length - 5));
          case TRAILING_BYTES -> withRandomTail(wire, 1 + random.nextInt(16));
          case HUGE_LENGTH_PREFIX -> hugeLengthPrefix(wire);
          case UNKNOWN_SCHEMA_ID ->
              withSchemaId(wire, UNKNOWN_ID_BASE + random.nextInt(UNKNOWN_ID_POOL));
          case FOREIGN_SCHEMA_ID ->
              withSchemaId(wire, foreignSchemaIds.get(random.nextInt(foreignSchemaIds.size())));
          case WRONG_RECORD_TYPE -> otherTopicBytes(topic).clone();
          case NULL_VALUE -> null;
          case NEGATIVE_AMOUNT ->
              encoder.apply(
                  topic, withField(valid, amountField(valid), -1L - random.nextInt(1_000_000)));
          case HUGE_AMOUNT ->
              encoder.apply(
                  topic,
                  withField(
                      valid,
                      amountField(valid),
                      random.nextBoolean()
                          ? Long.MAX_VALUE
                          : FieldRules.MAX_AMOUNT + 1 + random.nextInt(1_000_000)));
          case FUTURE_EVENT_TIME ->
              encoder.apply(
                  topic,
                  withField(
                      valid,
                      "occurredAt",
                      random.nextBoolean()
                          ? Instant.ofEpochMilli(Long.MAX_VALUE)
                          : sendTime.plus(FAR_AHEAD).plusSeconds(random.nextInt(1_000_000))));
          case ANCIENT_EVENT_TIME ->
              encoder.apply(
                  topic,
                  withField(
                      valid,
                      "occurredAt",
                      random.nextBoolean()
                          ? Instant.ofEpochMilli(Long.MIN_VALUE)
                          : Instant.ofEpochSecond(random.nextInt(900_000_000))));
          case BLANK_USER_ID ->
              encoder.apply(topic, withField(valid, "userId", random.nextBoolean() ? "" : "   "));
          case OVERSIZED_ID -> {
            oversizedBudget--;
            yield encoder.apply(topic, withField(valid, "eventId", "e".repeat(1_000_000)));
          }
          case OVERSIZED_VALUE -> {
            oversizedBudget--;
            yield withRandomTail(wire, OVERSIZED_VALUE_BYTES - wire.length);
          }
        };
    return new Mutant(mutation, value);
  }

  private byte[] otherTopicBytes(Topic<?> topic) {
    for (Map.Entry<String, byte[]> e : lastValidByTopic.entrySet()) {
      if (!e.getKey().equals(topic.id())) {
        return e.getValue();
      }
    }
    return null;
  }

  private byte[] withRandomTail(byte[] wire, int extra) {
    byte[] v = Arrays.copyOf(wire, wire.length + extra);
    byte[] tail = new byte[extra];
    random.nextBytes(tail);
    System.arraycopy(tail, 0, v, wire.length, extra);
    return v;
  }

  /**
   * The header, then a zig-zag varint length far beyond the value for the first field (every input
   * record starts with the string eventId), then a few bytes.
   */
  private byte[] hugeLengthPrefix(byte[] wire) {
    long length = (1L << 31) + random.nextInt(Integer.MAX_VALUE);
    ByteBuffer b = ByteBuffer.allocate(5 + 10 + 4);
    b.put(wire, 0, 5);
    long zigzag = length << 1;
    while ((zigzag & ~0x7FL) != 0) {
      b.put((byte) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    b.put((byte) zigzag);
    b.put(new byte[] {'e', 'v', 't', '-'});
    return Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] withSchemaId(byte[] wire, int id) {
    byte[] v = wire.clone();
    ByteBuffer.wrap(v, 1, 4).putInt(id);
    return v;
  }

  private static String amountField(SpecificRecordBase record) {
    for (String name : new String[] {"amount", "stake"}) {
      Schema.Field f = record.getSchema().getField(name);
      if (f != null && f.schema().getType() == Schema.Type.LONG) {
        return name;
      }
    }
    return null;
  }

  private static SpecificRecordBase withField(
      SpecificRecordBase valid, String field, Object value) {
    SpecificRecordBase copy = SpecificData.get().deepCopy(valid.getSchema(), valid);
    copy.put(field, value);
    return copy;
  }
}
