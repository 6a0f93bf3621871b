package dev.croupier.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API with {@code java.net.http}. Ids and
 * schemas are cached (bounded), so per-record lookups are answered without a request; the latest
 * version, compatibility answers and levels are always asked afresh, as they change.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  static final int MAX_CACHED = 1_000;
  private static final int SUBJECT_NOT_FOUND = 40401;
  private static final int VERSION_NOT_FOUND = 40402;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryConfig config;
  private final HttpClient http;
  private final boolean ownsHttp;
  private final RegistryHttp calls;
  private final BoundedCache<Integer, Schema> schemasById = new BoundedCache<>(MAX_CACHED);
  private final BoundedCache<SubjectSchema, Integer> idsBySubject = new BoundedCache<>(MAX_CACHED);
  private volatile boolean closed;

  public RestSchemaRegistryClient(RegistryConfig config) {
    this(config, RegistryHttp.newHttpClient(config), true);
  }

  /** For tests that observe the requests; the caller keeps ownership of {@code http}. */
  RestSchemaRegistryClient(RegistryConfig config, HttpClient http) {
    this(config, http, false);
  }

  private RestSchemaRegistryClient(RegistryConfig config, HttpClient http, boolean ownsHttp) {
    this.config = Objects.requireNonNull(config, "registry config");
    this.http = http;
    this.ownsHttp = ownsHttp;
    this.calls = new RegistryHttp(config, http, JSON);
  }

  @Override
  public int register(String subject, Schema schema) {
    return idUnder(subject, schema, "/versions", "register");
  }

  @Override
  public int getId(String subject, Schema schema) {
    return idUnder(subject, schema, "", "look up");
  }

  @Override
  public Schema getSchemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    String operation = "fetch the schema with id " + id;
    JsonNode answer = calls.call("GET", "/schemas/ids/" + id, null, requireOpen(operation));
    Schema schema = RegistryAnswers.avroSchema(answer, operation);
    schemasById.put(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    String operation = "fetch the latest version of subject '" + checkSubject(subject) + "'";
    JsonNode answer =
        calls.call("GET", subjectPath(subject) + "/versions/latest", null, requireOpen(operation));
    int id = RegistryAnswers.requiredInt(answer, "id", operation);
    Schema schema = schemasById.get(id);
    if (schema == null) {
      schema = RegistryAnswers.avroSchema(answer, operation);
      schemasById.put(id, schema);
    }
    return new RegisteredSchema(
        subject, id, RegistryAnswers.requiredInt(answer, "version", operation), schema);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    String operation =
        "check compatibility of a schema with subject '" + checkSubject(subject) + "'";
    String path = "/compatibility" + subjectPath(subject) + "/versions/latest";
    try {
      JsonNode answer = calls.call("POST", path, body(schema), requireOpen(operation));
      JsonNode verdict = answer.get("is_compatible");
      if (verdict == null || !verdict.isBoolean()) {
        throw RegistryAnswers.missing("is_compatible", operation);
      }
      return verdict.booleanValue();
    } catch (SchemaNotFoundException notFound) {
      // Subject (40401) or version (40402) unknown: nothing to be compatible with, any schema may
      // be registered. Any other 404, say a wrong base url, must not pass for a yes.
      if (notFound.errorCode() == SUBJECT_NOT_FOUND || notFound.errorCode() == VERSION_NOT_FOUND) {
        return true;
      }
      throw notFound;
    }
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    if (subject == null) {
      return RegistryAnswers.compatibility(
          calls.call("GET", "/config", null, requireOpen("read the global compatibility")));
    }
    String operation = "read the compatibility of subject '" + subject + "'";
    try {
      return RegistryAnswers.compatibility(
          calls.call(
              "GET",
              "/config/" + encode(subject) + "?defaultToGlobal=true",
              null,
              requireOpen(operation)));
    } catch (SchemaNotFoundException noLevelOfItsOwn) {
      // Confluent answers 40408 for a subject without a level, Apicurio 40401 for an unknown one.
      return getCompatibility(null);
    }
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    Objects.requireNonNull(level, "compatibility level");
    String path = subject == null ? "/config" : "/config/" + encode(subject);
    String operation =
        "set the compatibility of "
            + (subject == null ? "the registry" : "subject '" + subject + "'")
            + " to "
            + level;
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    calls.call("PUT", path, body, requireOpen(operation));
  }

  @Override
  public void close() {
    closed = true;
    schemasById.clear();
    idsBySubject.clear();
    if (ownsHttp && http instanceof AutoCloseable) {
      try {
        ((AutoCloseable) http).close(); // HttpClient is AutoCloseable from Java 21 on.
      } catch (Exception ignored) {
        // Nothing to do: the client is going away.
      }
    }
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient{" + config + "}";
  }

  /**
   * The id of {@code schema} under {@code subject}: from the cache, else from POST to the subject
   * ({@code /versions} registers, the bare subject only looks up; both answer the same id).
   */
  private int idUnder(String subject, Schema schema, String pathSuffix, String verb) {
    SubjectSchema key = key(subject, schema);
    Integer cached = idsBySubject.get(key);
    if (cached != null) {
      return cached;
    }
    String operation = verb + " a schema under subject '" + subject + "'";
    JsonNode answer =
        calls.call("POST", subjectPath(subject) + pathSuffix, body(schema), operation);
    int id = RegistryAnswers.requiredInt(answer, "id", operation);
    idsBySubject.put(key, id);
    schemasById.put(id, schema);
    return id;
  }

  private SubjectSchema key(String subject, Schema schema) {
    requireOpen("use the schema registry");
    return new SubjectSchema(checkSubject(subject), Objects.requireNonNull(schema, "schema"));
  }

  private String requireOpen(String operation) {
    if (closed) {
      throw new IllegalStateException("Cannot " + operation + ": the registry client is closed");
    }
    return operation;
  }

  private static String checkSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "subject must be a non-blank name, e.g. 'platform.bets-value'");
    }
    return subject;
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + encode(subject);
  }

  /** Percent-encodes one path segment (URLEncoder is for forms: it writes a space as '+'). */
  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static ObjectNode body(Schema schema) {
    return JSON.createObjectNode()
        .put("schema", Objects.requireNonNull(schema, "schema").toString());
  }

  /** The cache key of a schema registered under a subject; Avro schemas compare structurally. */
  private record SubjectSchema(String subject, Schema schema) {}
}
