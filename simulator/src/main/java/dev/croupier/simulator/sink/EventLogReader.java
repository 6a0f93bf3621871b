package dev.croupier.simulator.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.event.BadRecordKind;
import dev.croupier.simulator.event.SimEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/** Reads an {@link EventLogSink} file back into {@link SimEvent}s, in the order they were sent. */
public final class EventLogReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Map<Topic<?>, SpecificDatumReader<SpecificRecord>> readers = new HashMap<>();

  /**
   * Hands every event of {@code file} to {@code consumer}; fails naming the line it cannot read.
   */
  public void read(Path file, Consumer<SimEvent> consumer) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        try {
          consumer.accept(parse(line));
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException(file + ":" + number + ": not an event-log line", e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event log " + file, e);
    }
  }

  SimEvent parse(String line) throws IOException {
    JsonNode node = MAPPER.readTree(line);
    Topic<?> topic = Topics.input(node.get("topic").asText());
    String key = node.get("key").asText();
    long at = node.get("occurredAt").asLong();
    BadRecordKind bad =
        node.hasNonNull("bad") ? BadRecordKind.ofLabel(node.get("bad").asText()) : null;
    if (node.hasNonNull("raw")) {
      return new SimEvent(topic, key, at, null, node.get("raw").binaryValue(), bad);
    }
    SpecificDatumReader<SpecificRecord> reader =
        readers.computeIfAbsent(topic, t -> new SpecificDatumReader<>(t.schema()));
    SpecificRecord value =
        reader.read(
            null, DecoderFactory.get().jsonDecoder(topic.schema(), node.get("value").toString()));
    return new SimEvent(topic, key, at, value, null, bad);
  }
}
