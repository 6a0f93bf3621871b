package dev.croupier.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Reads the fields of the registry's JSON answers, failing with a message that names what lacks.
 */
final class RegistryAnswers {
  private RegistryAnswers() {}

  static Schema avroSchema(JsonNode answer, String operation) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new UnusableSchemaException(
          "Schema registry could not " + operation + ": the schema is " + type + ", not AVRO",
          null);
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw missing("schema", operation);
    }
    try {
      return new Schema.Parser().parse(text.asText()); // a fresh parser: names are per parse
    } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
      // Avro's parser throws more than SchemaParseException on some malformed input.
      throw new UnusableSchemaException(
          "Schema registry could not "
              + operation
              + ": the registry's schema is not valid Avro: "
              + e.getMessage(),
          e);
    }
  }

  static CompatibilityLevel compatibility(JsonNode answer) {
    // GET answers "compatibilityLevel", PUT answers "compatibility"; accept either.
    JsonNode level =
        answer.has("compatibilityLevel")
            ? answer.get("compatibilityLevel")
            : answer.get("compatibility");
    if (level == null || !level.isTextual()) {
      throw missing("compatibilityLevel", "read a compatibility level");
    }
    try {
      return CompatibilityLevel.valueOf(level.asText());
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException(
          "Schema registry answered an unknown compatibility level: " + level.asText(), 200, -1, e);
    }
  }

  static int requiredInt(JsonNode answer, String field, String operation) {
    JsonNode value = answer.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw missing(field, operation);
    }
    return value.intValue();
  }

  static SchemaRegistryException missing(String field, String operation) {
    return new SchemaRegistryException(
        "Schema registry could not " + operation + ": its answer has no '" + field + "'",
        200,
        -1,
        null);
  }
}
