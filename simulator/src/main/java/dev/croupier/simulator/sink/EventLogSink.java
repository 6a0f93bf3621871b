package dev.croupier.simulator.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.croupier.simulator.event.SimEvent;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes every event to a JSON-lines file, exactly as sent, so tests and the local platform can
 * compute oracles from it ({@link EventLogReader} reads it back). One line per record:
 *
 * <pre>
 * {"topic":"platform.bets","key":"u42","occurredAt":1767225600000,"type":"BetPlaced","value":{...}}
 * {"topic":"platform.rounds","key":"u7","occurredAt":...,"bad":"not-wire-format","raw":"base64..."}
 * </pre>
 *
 * {@code value} is the record in Avro's JSON encoding; {@code bad} labels the deliberately broken
 * records (whose {@code value} or {@code raw} is what was sent).
 */
public final class EventLogSink implements EventSink {
  private static final JsonFactory JSON = new JsonFactory();
  private final BufferedWriter out;
  private final Map<String, SpecificDatumWriter<SpecificRecord>> writers = new HashMap<>();
  private final Map<String, JsonEncoder> encoders = new HashMap<>();
  private final ByteArrayOutputStream avroJson = new ByteArrayOutputStream(512);

  public EventLogSink(Path file) {
    this.out = JsonLinesFile.create(file, "event log");
  }

  @Override
  public void accept(SimEvent e) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeStringField("topic", e.topic().name());
      g.writeStringField("key", e.key());
      g.writeNumberField("occurredAt", e.occurredAt());
      if (e.value() != null) {
        g.writeStringField("type", e.value().getSchema().getName());
        g.writeFieldName("value");
        g.writeRawValue(avroJson(e.topic().name(), e.value()));
      }
      if (e.raw() != null) {
        g.writeBinaryField("raw", e.raw());
      }
      if (e.bad() != null) {
        g.writeStringField("bad", e.bad().label());
      }
      g.writeEndObject();
      g.flush();
      out.newLine();
    } catch (IOException x) {
      throw new UncheckedIOException("cannot write the event log", x);
    }
  }

  private String avroJson(String topic, SpecificRecord value) throws IOException {
    avroJson.reset();
    JsonEncoder encoder = encoders.get(topic);
    if (encoder == null) { // building the encoder's grammar is costly: once per topic
      encoder = EncoderFactory.get().jsonEncoder(value.getSchema(), avroJson);
      encoders.put(topic, encoder);
    } else {
      encoder.configure(avroJson);
    }
    writers
        .computeIfAbsent(topic, t -> new SpecificDatumWriter<>(value.getSchema()))
        .write(value, encoder);
    encoder.flush();
    return avroJson.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush the event log", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the event log", e);
    }
  }
}
