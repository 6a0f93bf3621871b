package dev.croupier.bench.micro;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.udfs.balance.Amounts;
import dev.croupier.udfs.balance.LedgerEntries;
import dev.croupier.udfs.balance.LedgerEntry;
import dev.croupier.udfs.balance.LedgerEntryTypeInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The balance job's keyBy hop of a {@link LedgerEntry}: serialized by the sending task, read back
 * by the ledger's. {@code keyByHop} is the job's serializer ({@link LedgerEntryTypeInfo}); {@code
 * pojoSerializerHop} is Flink's POJO serializer of the same class, what the job used before.
 * Entries from the simulator's bets, settlements and payments, each with 160 bytes of record as the
 * job now carries (object reuse hands the ledger entry its record's bytes). Ceiling: the same
 * number of bytes written and read back as one array, the least a hop of that entry does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerEntrySerdeBench {
  private LedgerEntry[] entries;
  private byte[][] encoded;
  private TypeSerializer<LedgerEntry> own;
  private TypeSerializer<LedgerEntry> pojo;
  private final NetworkHop hop = new NetworkHop();
  private int next;

  @Setup
  public void setUp() throws IOException {
    List<LedgerEntry> all = new ArrayList<>();
    for (Object r : BenchData.records()) {
      LedgerEntry e = null;
      if (r instanceof BetPlaced b) {
        e = LedgerEntries.of(b, "platform.bets");
      } else if (r instanceof BetSettled s) {
        e = LedgerEntries.of(s, "platform.rounds");
      } else if (r instanceof PaymentEvent p) {
        e = LedgerEntries.of(p, "platform.payments");
      }
      if (e != null) {
        e.setPartition(1);
        e.setOffset(all.size());
        e.setRecordTimestamp(e.getOccurredAt());
        e.setValue(new byte[160]);
        all.add(e);
      }
    }
    entries = all.toArray(new LedgerEntry[0]);
    SerializerConfigImpl config = new SerializerConfigImpl();
    own = LedgerEntryTypeInfo.INSTANCE.createSerializer(config);
    Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
    fields.put("eventId", Types.STRING);
    fields.put("userId", Types.STRING);
    fields.put("occurredAt", Types.LONG);
    fields.put("currency", Types.STRING);
    fields.put("sourceTopic", Types.STRING);
    fields.put("delta", Types.POJO(Amounts.class));
    fields.put("partition", Types.INT);
    fields.put("offset", Types.LONG);
    fields.put("recordTimestamp", Types.LONG);
    fields.put("value", Types.PRIMITIVE_ARRAY(Types.BYTE));
    fields.put("unknownSymbol", Types.STRING);
    pojo = Types.POJO(LedgerEntry.class, fields).createSerializer(config);
    encoded = NetworkHop.encode(own, entries);
    if (BenchData.broken()) {
      entries[0].setDelta(null); // neither serializer can write an entry without its change
    }
  }

  private int nextIndex() {
    int i = next;
    next = next + 1 == entries.length ? 0 : next + 1;
    return i;
  }

  /** One entry written and read back by the job's serializer. */
  @Benchmark
  public LedgerEntry keyByHop() throws IOException {
    return hop.of(own, entries[nextIndex()]);
  }

  /** The same through Flink's POJO serializer (the job's serializer before). */
  @Benchmark
  public LedgerEntry pojoSerializerHop() throws IOException {
    return hop.of(pojo, entries[nextIndex()]);
  }

  /** Ceiling: the entry's encoded length written and read back as one byte array. */
  @Benchmark
  public byte[] ceilingBytesHop() throws IOException {
    return hop.ofBytes(encoded[nextIndex()]);
  }
}
