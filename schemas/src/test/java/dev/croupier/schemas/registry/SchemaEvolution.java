package dev.croupier.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/** Next versions of a record schema, as a producer team would write them. */
final class SchemaEvolution {
  private SchemaEvolution() {}

  /** {@code base} with one more string field that has a default: backward compatible. */
  static Schema withAddedStringField(Schema base, String name, String defaultValue) {
    List<Field> fields = copyFields(base);
    fields.add(new Field(name, Schema.create(Schema.Type.STRING), "added in v2", defaultValue));
    return record(base, fields);
  }

  /** {@code base} with the type of {@code name} replaced: old data can no longer be read. */
  static Schema withFieldType(Schema base, String name, Schema.Type type) {
    List<Field> fields = new ArrayList<>();
    for (Field field : base.getFields()) {
      fields.add(
          field.name().equals(name)
              ? new Field(field.name(), Schema.create(type), field.doc())
              : new Field(field, field.schema()));
    }
    return record(base, fields);
  }

  private static List<Field> copyFields(Schema base) {
    List<Field> fields = new ArrayList<>();
    for (Field field : base.getFields()) {
      fields.add(new Field(field, field.schema()));
    }
    return fields;
  }

  private static Schema record(Schema base, List<Field> fields) {
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }
}
