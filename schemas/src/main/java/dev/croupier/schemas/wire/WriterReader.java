package dev.croupier.schemas.wire;

import dev.croupier.schemas.topics.Topic;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * How to read values written with one writer schema into a topic's class: a resolving reader, or,
 * when the writer schema cannot be resolved to the reader schema, why not. Decided once per id.
 */
record WriterReader<T>(DatumReader<T> datumReader, String mismatch) {

  static <T extends SpecificRecordBase> WriterReader<T> of(Schema writer, Topic<T> topic) {
    Schema reader = topic.schema();
    SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
      Incompatibility first = compatibility.getResult().getIncompatibilities().get(0);
      String why =
          "writer schema "
              + writer.getFullName()
              + " cannot be read as "
              + reader.getFullName()
              + ": "
              + first.getType()
              + " at "
              + first.getLocation()
              + " ("
              + first.getMessage()
              + ")";
      return new WriterReader<>(null, why);
    }
    SpecificData model = SpecificData.getForClass(topic.recordClass());
    return new WriterReader<>(new SpecificDatumReader<>(writer, reader, model), null);
  }

  boolean canRead() {
    return datumReader != null;
  }
}
