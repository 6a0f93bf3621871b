package dev.croupier.schemas;

import dev.croupier.schemas.avro.PaymentEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes and reads back a generated record as a Flink task would; {@link GeneratedClassTrustTest}
 * runs it in classloaders of its own, each with its own copy of Avro and so its own trust.
 */
public final class TrustProbe {
  private TrustProbe() {}

  /** The decoded payment's kind and status, or Avro's exception. */
  public static String roundTrip() throws IOException {
    PaymentEvent sent = SampleRecords.payment();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(PaymentEvent.class).write(sent, out);
    out.flush();
    PaymentEvent read =
        new SpecificDatumReader<>(PaymentEvent.class)
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    return read.getKind() + " " + read.getStatus();
  }
}
