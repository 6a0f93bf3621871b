package dev.croupier.udfs.balance;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.wire.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Dead letters for events the ledger refuses after decoding. The Kafka coordinates and raw bytes
 * are gone by then (and the ledger sees only the normalised entry, not the Avro record that the
 * shared DeadLetters would encode), so partition and offset are -1, the value is empty, the key is
 * the userId and the detail names the event.
 */
final class LedgerDeadLetters {
  private LedgerDeadLetters() {}

  static DeadLetter of(LedgerEntry e, DeadLetterReason reason, String detail, String job) {
    return DeadLetter.newBuilder()
        .setSourceTopic(e.getSourceTopic())
        .setPartition(-1)
        .setOffset(-1L)
        .setKey(ByteBuffer.wrap(e.getUserId().getBytes(StandardCharsets.UTF_8)))
        .setValue(null)
        .setReason(reason.code())
        .setDetail(detail)
        .setSchemaId(null)
        .setRecordTimestamp(Instant.ofEpochMilli(e.getOccurredAt()))
        .setJob(job)
        .build();
  }
}
