package dev.croupier.drills.traffic;

import dev.croupier.schemas.rules.FieldViolation;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.simulator.event.BadRecordKind;
import dev.croupier.simulator.event.SimEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The drills' own record mutator: after about {@code rate} of the records, a broken copy of the
 * same player's record, deterministic for a seed. The mutants cover both ways an input fails:
 *
 * <ul>
 *   <li>bytes that are not the wire format: random printable garbage, the record's JSON text, or a
 *       wire header cut short (labelled {@code not-wire-format});
 *   <li>well-formed Avro that breaks a field rule of its topic: negative money (stake, payout,
 *       amount) or a latitude out of range, under a fresh eventId so each mutant is known by its
 *       own id (labelled {@code negative-stake}, the simulator's field-rule kind).
 * </ul>
 *
 * Every Avro mutant is checked against its topic's own field rules before it is sent: a mutation
 * the contract would accept is a bug here, not a finding. The shared fuzzer of the bad-input work
 * replaces this one once it exists (plug it in as a {@link RecordMutator}).
 */
public final class RecordFuzzer implements RecordMutator {
  private static final String[] MONEY = {"stake", "payout", "amount"};

  private final SplittableRandom rng;
  private final double rate;
  private long mutants;

  public RecordFuzzer(long seed, double rate) {
    if (!(rate > 0 && rate <= 0.5)) {
      throw new IllegalArgumentException("rate must be in (0, 0.5], was " + rate);
    }
    this.rng = new SplittableRandom(seed);
    this.rate = rate;
  }

  /** Mutants made so far. */
  public long mutants() {
    return mutants;
  }

  @Override
  public SimEvent mutantOf(SimEvent event) {
    if (event.isBad() || event.value() == null || rng.nextDouble() >= rate) {
      return null;
    }
    long n = ++mutants;
    SimEvent mutant =
        switch (rng.nextInt(4)) {
          case 0 -> raw(event, garbage());
          case 1 -> raw(event, json(event, n));
          case 2 -> raw(event, cutHeader());
          default -> fieldRuleViolation(event, n);
        };
    return mutant;
  }

  private static SimEvent raw(SimEvent original, byte[] bytes) {
    return new SimEvent(
        original.topic(),
        original.key(),
        original.occurredAt(),
        null,
        bytes,
        BadRecordKind.NOT_WIRE_FORMAT);
  }

  /** Printable bytes: never the wire format's magic byte 0, never another known header. */
  private byte[] garbage() {
    byte[] b = new byte[8 + rng.nextInt(57)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (0x20 + rng.nextInt(0x5f));
    }
    return b;
  }

  /** What a producer that forgot the serializer sends; the counter keeps every mutant distinct. */
  private static byte[] json(SimEvent e, long n) {
    return (e.value().toString() + " #" + n).getBytes(StandardCharsets.UTF_8);
  }

  /** The magic byte and part of a schema id: too short for the 5-byte header. */
  private byte[] cutHeader() {
    byte[] b = new byte[1 + rng.nextInt(4)];
    for (int i = 1; i < b.length; i++) {
      b[i] = (byte) rng.nextInt(256);
    }
    return b;
  }

  private SimEvent fieldRuleViolation(SimEvent original, long n) {
    SpecificRecordBase copy =
        (SpecificRecordBase)
            SpecificData.getForSchema(original.value().getSchema())
                .deepCopy(original.value().getSchema(), original.value());
    Schema schema = copy.getSchema();
    copy.put("eventId", original.eventId() + "~mutant-" + n);
    boolean changed = false;
    for (String field : MONEY) {
      if (schema.getField(field) != null) {
        copy.put(field, -1 - rng.nextLong(1_000_000));
        changed = true;
        break;
      }
    }
    if (!changed && schema.getField("latitude") != null) {
      copy.put("latitude", 90.5 + rng.nextDouble() * 100);
      changed = true;
    }
    if (!changed || violation(original.topic(), copy) == null) {
      throw new IllegalStateException(
          "no field-rule mutation for " + schema.getName() + ": its topic accepts " + copy);
    }
    return new SimEvent(
        original.topic(),
        original.key(),
        original.occurredAt(),
        copy,
        null,
        BadRecordKind.NEGATIVE_STAKE);
  }

  /**
   * The topic's own verdict on {@code record}: the first violation's detail, or null if it passes.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static String violation(Topic<?> topic, SpecificRecord record) {
    // Raw types: the topic's rules take its own record type, which a SimEvent does not carry.
    Optional<FieldViolation> v = ((Topic) topic).rules().firstViolation(record);
    return v.map(FieldViolation::detail).orElse(null);
  }
}
