package dev.croupier.schemas.wire;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A record's values as JSON-friendly data, in the convention of the Python cross-check script:
 * timestamps as epoch milliseconds, bytes as base64, enums as their symbols.
 */
final class AvroJson {

  private AvroJson() {}

  static Map<String, Object> of(IndexedRecord record) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      json.put(field.name(), value(record.get(field.pos())));
    }
    return json;
  }

  private static Object value(Object v) {
    if (v instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (v instanceof ByteBuffer buffer) {
      return Base64.getEncoder().encodeToString(bytes(buffer));
    }
    if (v instanceof IndexedRecord nested) {
      return of(nested);
    }
    if (v instanceof List<?> list) {
      List<Object> json = new ArrayList<>();
      list.forEach(item -> json.add(value(item)));
      return json;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> json = new LinkedHashMap<>();
      map.forEach((k, item) -> json.put(k.toString(), value(item)));
      return json;
    }
    if (v instanceof Enum<?> || v instanceof CharSequence) {
      return v.toString();
    }
    return v; // null, numbers, booleans
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
