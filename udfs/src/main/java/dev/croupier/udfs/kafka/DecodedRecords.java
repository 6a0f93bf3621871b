package dev.croupier.udfs.kafka;

import dev.croupier.schemas.wire.RawRecord;
import org.apache.flink.util.Collector;

/**
 * What the decode step knows about the record it is handing on at this moment: the Kafka record it
 * came from and whether it is behind its partition's event time. {@link WireDeserializationSchema}
 * publishes it for the duration of one emission; code that runs inside that emission on the same
 * thread (the source's timestamp assigner and watermark generator, and functions chained to the
 * source) can look it up by the element or record it was given. The lookup is by identity, so
 * anything that does not run inside the emission simply finds nothing.
 */
public final class DecodedRecords {
  private static final ThreadLocal<Emission> CURRENT = ThreadLocal.withInitial(Emission::new);

  private DecodedRecords() {}

  /** One emission in progress; a mutable holder per thread, so emitting allocates nothing. */
  private static final class Emission {
    Object element;
    Object value;
    RawRecord raw;
    boolean late;
  }

  /**
   * Hands {@code element} to {@code out} with the element, its {@code value} (the record or dead
   * letter inside it) and {@code raw} published. (No Runnable: a capturing lambda per record would
   * be an allocation the hot path does not need.)
   */
  static <E> void emit(Collector<E> out, E element, Object value, RawRecord raw, boolean late) {
    Emission e = CURRENT.get();
    Object previousElement = e.element;
    Object previousValue = e.value;
    RawRecord previousRaw = e.raw;
    boolean previousLate = e.late;
    e.element = element;
    e.value = value;
    e.raw = raw;
    e.late = late;
    try {
      out.collect(element);
    } finally {
      e.element = previousElement;
      e.value = previousValue;
      e.raw = previousRaw;
      e.late = previousLate;
    }
  }

  /**
   * The Kafka record behind {@code elementOrValue} if it is being emitted right now on this thread,
   * else null.
   */
  public static RawRecord rawOf(Object elementOrValue) {
    Emission e = CURRENT.get();
    return elementOrValue != null && (elementOrValue == e.element || elementOrValue == e.value)
        ? e.raw
        : null;
  }

  /**
   * Whether {@code elementOrValue}, being emitted right now, is behind the event time its partition
   * had already passed (see {@link EventTimeBounds}).
   */
  public static boolean isLate(Object elementOrValue) {
    Emission e = CURRENT.get();
    return e.late
        && elementOrValue != null
        && (elementOrValue == e.element || elementOrValue == e.value);
  }
}
