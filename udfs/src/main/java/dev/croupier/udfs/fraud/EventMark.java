package dev.croupier.udfs.fraud;

/**
 * A place on a timeline: an event's time and id, the order {@link EventTimeSorter} releases events
 * in. A sequence rule marks, per version, the last event a case of it completed at; events up to
 * the mark are not used again (each case is alerted once). A Flink POJO.
 */
public class EventMark {
  public long at;
  public String eventId;

  public EventMark() {}

  public static EventMark of(PlayerEvent e) {
    EventMark m = new EventMark();
    m.at = e.occurredAt;
    m.eventId = e.eventId;
    return m;
  }

  /** Whether an event at {@code at} with {@code eventId} comes after this mark. */
  public boolean before(long at, String eventId) {
    return at > this.at || (at == this.at && eventId.compareTo(this.eventId) > 0);
  }

  /** Whether {@code e} comes after this mark. */
  public boolean before(PlayerEvent e) {
    return before(e.occurredAt, e.eventId);
  }
}
