package dev.croupier.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;

/** Other versions of a contract, derived from the current one, for schema-evolution tests. */
public final class SchemaVersions {

  private SchemaVersions() {}

  /** {@code current} without {@code fieldName}: the version before that field was added. */
  public static Schema without(Schema current, String fieldName) {
    return version(current, fieldName, null);
  }

  /** {@code current} plus {@code added}: a newer version. */
  public static Schema with(Schema current, Schema.Field added) {
    return version(current, null, added);
  }

  /** A string field for {@link #with}; {@code defaultValue} null means none. */
  public static Schema.Field stringField(String name, String defaultValue) {
    Schema string = Schema.create(Schema.Type.STRING);
    return defaultValue == null
        ? new Schema.Field(name, string, "added later, no default")
        : new Schema.Field(name, string, "added later", defaultValue);
  }

  /** {@code source}'s values for those fields of {@code schema} that it has. */
  public static GenericRecord asVersion(Schema schema, SpecificRecordBase source) {
    GenericRecord record = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      if (source.getSchema().getField(f.name()) != null) {
        record.put(f.name(), source.get(f.name()));
      }
    }
    return record;
  }

  private static Schema version(Schema current, String dropped, Schema.Field added) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals(dropped)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    if (added != null) {
      fields.add(added);
    }
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }
}
