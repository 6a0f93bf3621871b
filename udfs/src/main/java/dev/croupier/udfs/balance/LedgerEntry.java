package dev.croupier.udfs.balance;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One input event normalised for the ledger: who, when, in which currency, from which topic, and
 * the signed change ({@link Amounts}) it makes to the balance and each lifetime total; plus where
 * it was read (partition, offset, Kafka timestamp, the value's bytes) so that a dead letter the
 * ledger makes of it holds the record as it came, and an enum symbol whose money effect is unknown.
 * It travels between operators with its own serializer ({@link LedgerEntryTypeInfo}), neither Kryo
 * nor Flink's reflective POJO serializer; built by {@link LedgerEntries}.
 */
@TypeInfo(LedgerEntryTypeInfo.Factory.class)
public final class LedgerEntry {
  private String eventId;
  private String userId;
  private long occurredAt;
  private String currency;
  private String sourceTopic;
  private Amounts delta = new Amounts();
  private int partition = -1;
  private long offset = -1;
  private long recordTimestamp = -1;
  private byte[] value;
  private String unknownSymbol;

  /** For Flink's POJO serializer. */
  public LedgerEntry() {}

  LedgerEntry(String eventId, String userId, long occurredAt, String currency, String sourceTopic) {
    this.eventId = eventId;
    this.userId = userId;
    this.occurredAt = occurredAt;
    this.currency = currency;
    this.sourceTopic = sourceTopic;
  }

  /**
   * True when the event moves neither the balance nor any total (e.g. a deposit only requested).
   */
  public boolean hasNoEffect() {
    return delta.isZero();
  }

  public String getEventId() {
    return eventId;
  }

  public void setEventId(String eventId) {
    this.eventId = eventId;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  /** Event time, epoch milliseconds. */
  public long getOccurredAt() {
    return occurredAt;
  }

  public void setOccurredAt(long occurredAt) {
    this.occurredAt = occurredAt;
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String currency) {
    this.currency = currency;
  }

  /** The topic the event came from, named in dead letters. */
  public String getSourceTopic() {
    return sourceTopic;
  }

  public void setSourceTopic(String sourceTopic) {
    this.sourceTopic = sourceTopic;
  }

  /** The partition the event was read from, -1 when unknown. */
  public int getPartition() {
    return partition;
  }

  public void setPartition(int partition) {
    this.partition = partition;
  }

  /** Its offset, -1 when unknown. */
  public long getOffset() {
    return offset;
  }

  public void setOffset(long offset) {
    this.offset = offset;
  }

  /** Its Kafka timestamp, -1 when unknown. */
  public long getRecordTimestamp() {
    return recordTimestamp;
  }

  public void setRecordTimestamp(long recordTimestamp) {
    this.recordTimestamp = recordTimestamp;
  }

  /** The value's bytes as read (the wire format), null when unknown. */
  public byte[] getValue() {
    return value;
  }

  public void setValue(byte[] value) {
    this.value = value;
  }

  /**
   * Which enum symbol of the event has no known money effect (e.g. {@code kind UNKNOWN}), null when
   * every symbol is known.
   */
  public String getUnknownSymbol() {
    return unknownSymbol;
  }

  public void setUnknownSymbol(String unknownSymbol) {
    this.unknownSymbol = unknownSymbol;
  }

  /** The signed change to the balance and totals. */
  public Amounts getDelta() {
    return delta;
  }

  public void setDelta(Amounts delta) {
    this.delta = delta;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerEntry e
        && occurredAt == e.occurredAt
        && Objects.equals(eventId, e.eventId)
        && Objects.equals(userId, e.userId)
        && Objects.equals(currency, e.currency)
        && Objects.equals(sourceTopic, e.sourceTopic)
        && Objects.equals(delta, e.delta)
        && Objects.equals(unknownSymbol, e.unknownSymbol);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, userId, occurredAt, currency, sourceTopic, delta);
  }

  @Override
  public String toString() {
    return "LedgerEntry{"
        + eventId
        + " "
        + userId
        + " @"
        + occurredAt
        + " "
        + currency
        + " "
        + delta
        + " from "
        + sourceTopic
        + "}";
  }
}
