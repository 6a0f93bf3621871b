package dev.croupier.udfs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The keyBy serializer of LedgerEntry keeps every field, nulls included. */
class LedgerEntryTypeInfoTest {
  private final TypeSerializer<LedgerEntry> serializer =
      LedgerEntryTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());

  private static LedgerEntry full() {
    LedgerEntry e = new LedgerEntry("ev-1", "alice", 1_700_000_000_123L, "EUR", "platform.bets");
    Amounts d = new Amounts();
    d.setBalance(-1_000);
    d.setDeposited(1);
    d.setWithdrawn(2);
    d.setStaked(1_000);
    d.setPaidOut(Long.MAX_VALUE);
    d.setBonus(Long.MIN_VALUE);
    e.setDelta(d);
    e.setPartition(3);
    e.setOffset(42);
    e.setRecordTimestamp(1_700_000_000_200L);
    e.setValue(new byte[] {0, 0, 0, 3, (byte) 0xe9, 1, 2, 3});
    e.setUnknownSymbol("payment kind UNKNOWN");
    return e;
  }

  private LedgerEntry roundTrip(LedgerEntry e) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(e, out);
    serializer.serialize(e, out); // two in a row: each reads exactly its own bytes
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    serializer.deserialize(in);
    LedgerEntry back = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    return back;
  }

  private static void assertSameFields(LedgerEntry back, LedgerEntry e) {
    assertThat(back).isEqualTo(e).isNotSameAs(e);
    assertThat(back.getDelta()).isEqualTo(e.getDelta());
    assertThat(back.getPartition()).isEqualTo(e.getPartition());
    assertThat(back.getOffset()).isEqualTo(e.getOffset());
    assertThat(back.getRecordTimestamp()).isEqualTo(e.getRecordTimestamp());
    assertThat(back.getValue()).isEqualTo(e.getValue());
    assertThat(back.getUnknownSymbol()).isEqualTo(e.getUnknownSymbol());
  }

  @Test
  void shouldKeepEveryFieldThroughSerializationAndCopy() throws IOException {
    LedgerEntry e = full();
    assertSameFields(roundTrip(e), e);
    assertSameFields(serializer.copy(e), e);
  }

  @Test
  void shouldKeepNullsAndAnEmptyValue() throws IOException {
    LedgerEntry bare = new LedgerEntry();
    assertSameFields(roundTrip(bare), bare);
    LedgerEntry empty = full();
    empty.setValue(new byte[0]);
    empty.setUnknownSymbol(null);
    assertSameFields(roundTrip(empty), empty);
  }
}
