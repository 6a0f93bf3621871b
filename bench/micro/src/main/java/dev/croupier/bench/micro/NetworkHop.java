package dev.croupier.bench.micro;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A record's trip between two operators as Flink makes it: serialized into the sender's buffer,
 * read back by the receiver. One per benchmark thread; its buffers are reused.
 */
final class NetworkHop {
  private final DataOutputSerializer out = new DataOutputSerializer(1024);
  private final DataInputDeserializer in = new DataInputDeserializer();

  /** The record written and read back by {@code serializer}. */
  <T> T of(TypeSerializer<T> serializer, T record) throws IOException {
    out.clear();
    serializer.serialize(record, out);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    return serializer.deserialize(in);
  }

  /** The ceiling of a hop: the record's encoded bytes written and read back as one array. */
  byte[] ofBytes(byte[] bytes) throws IOException {
    out.clear();
    out.write(bytes);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    byte[] back = new byte[bytes.length];
    in.readFully(back);
    return back;
  }

  /** Each record as {@code serializer} encodes it, for the ceiling. */
  static <T> byte[][] encode(TypeSerializer<T> serializer, T[] records) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    byte[][] encoded = new byte[records.length][];
    for (int i = 0; i < records.length; i++) {
      out.clear();
      serializer.serialize(records[i], out);
      encoded[i] = out.getCopyOfBuffer();
    }
    return encoded;
  }
}
