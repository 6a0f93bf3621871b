package dev.croupier.simulator;

import dev.croupier.simulator.event.SimEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** SHA-256 over events as sent: topic, key, timestamp and the Avro binary body (or raw bytes). */
final class Fingerprint {
  private final MessageDigest digest;
  private long events;

  Fingerprint() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void add(SimEvent e) {
    digest.update(e.topic().name().getBytes(StandardCharsets.UTF_8));
    digest.update(e.key().getBytes(StandardCharsets.UTF_8));
    digest.update(Long.toString(e.occurredAt()).getBytes(StandardCharsets.UTF_8));
    digest.update(e.raw() != null ? e.raw() : avro(e.value()));
    events++;
  }

  static byte[] avro(SpecificRecord value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<SpecificRecord>(value.getSchema()).write(value, encoder);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }

  long events() {
    return events;
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
