package dev.croupier.schemas.wire;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Other versions of a contract, derived from the current one, for evolution tests. */
final class SchemaVersions {

  private SchemaVersions() {}

  /** The same record without {@code fieldName}: an older version before that field was added. */
  static Schema without(Schema current, String fieldName) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals(fieldName)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return record(current, fields);
  }

  /** The same record plus {@code field}: a newer version. */
  static Schema with(Schema current, Schema.Field field) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(field);
    return record(current, fields);
  }

  private static Schema record(Schema like, List<Schema.Field> fields) {
    return Schema.createRecord(like.getName(), like.getDoc(), like.getNamespace(), false, fields);
  }
}
