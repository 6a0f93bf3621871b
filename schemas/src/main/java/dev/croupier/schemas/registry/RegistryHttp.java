package dev.croupier.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registry call over HTTP: Confluent headers, basic auth, retries with jittered exponential
 * backoff for 5xx answers and I/O failures (never for 4xx), and error answers turned into the
 * exception for their status, with a message that names the operation but never a secret.
 */
final class RegistryHttp {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";
  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final int MAX_QUOTED_CHARS = 500;

  private final ObjectMapper json;
  private final RegistryConfig config;
  private final HttpClient http;
  private final String authorization;

  RegistryHttp(RegistryConfig config, HttpClient http, ObjectMapper json) {
    this.config = config;
    this.http = http;
    this.json = json;
    this.authorization = config.hasBasicAuth() ? basicAuth(config) : null;
  }

  /** An HTTP/1.1 client with the configured connect timeout and, when set, trust store. */
  static HttpClient newHttpClient(RegistryConfig config) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (config.truststorePath() != null) {
      builder.sslContext(TrustStoreSsl.fromConfig(config));
    }
    return builder.build();
  }

  /**
   * Sends {@code method path} (path already URL-encoded, relative to the registry url) with an
   * optional JSON body and returns the parsed answer. {@code operation} completes "could not …".
   */
  JsonNode call(String method, String path, JsonNode body, String operation) {
    HttpRequest request = request(method, path, body);
    int attempts = config.maxRetries() + 1;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return parse(response.body(), operation, request);
        }
        if (status < 500 || attempt >= attempts) {
          throw errorAnswer(status, response.body(), operation, request);
        }
        LOG.warn(
            "Registry answered HTTP {} to {} {} (attempt {} of {}); retrying",
            status,
            method,
            request.uri(),
            attempt,
            attempts);
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw new SchemaRegistryException(
              "Schema registry could not "
                  + operation
                  + ": no answer after "
                  + attempts
                  + " attempt(s) ("
                  + method
                  + " "
                  + request.uri()
                  + "): "
                  + scrub(e.toString()),
              0,
              -1,
              e);
        }
        LOG.warn(
            "Registry unreachable for {} {} (attempt {} of {}): {}; retrying",
            method,
            request.uri(),
            attempt,
            attempts,
            scrub(e.toString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "Interrupted while asking the schema registry to " + operation, 0, -1, e);
      }
      pause(backoff(attempt), operation);
    }
  }

  /** The delay before retry {@code attempt}: exponential, capped, with jitter in its upper half. */
  Duration backoff(int attempt) {
    long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private HttpRequest request(String method, String path, JsonNode body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(config.url() + path))
            .timeout(config.requestTimeout())
            .header("Content-Type", CONTENT_TYPE)
            .header("Accept", ACCEPT);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest.BodyPublisher publisher =
        body == null
            ? BodyPublishers.noBody()
            : BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    return builder.method(method, publisher).build();
  }

  private JsonNode parse(String body, String operation, HttpRequest request) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "Schema registry could not "
              + operation
              + ": the answer to "
              + request.method()
              + " "
              + request.uri()
              + " is not JSON: "
              + quote(body),
          200,
          -1,
          e);
    }
  }

  private SchemaRegistryException errorAnswer(
      int status, String body, String operation, HttpRequest request) {
    int errorCode = -1;
    String message = body;
    try {
      JsonNode answer = json.readTree(body);
      if (answer != null && answer.isObject()) {
        errorCode = answer.path("error_code").asInt(-1);
        message = answer.path("message").asText(body);
      }
    } catch (IOException notJson) {
      // A proxy's HTML page, say: quote it as it came.
    }
    String hint = status == 401 || status == 403 ? " (check the registry basic auth settings)" : "";
    return SchemaRegistryException.forStatus(
        status,
        errorCode,
        "Schema registry could not "
            + operation
            + ": HTTP "
            + status
            + (errorCode >= 0 ? ", error_code " + errorCode : "")
            + hint
            + ": "
            + quote(message)
            + " ("
            + request.method()
            + " "
            + request.uri()
            + ")");
  }

  /** The registry's words, shortened, and with any secret it might have echoed blanked out. */
  private String quote(String text) {
    String scrubbed = scrub(text == null ? "" : text.strip());
    return scrubbed.length() <= MAX_QUOTED_CHARS
        ? scrubbed
        : scrubbed.substring(0, MAX_QUOTED_CHARS) + "…";
  }

  private String scrub(String text) {
    String out = text;
    if (authorization != null) {
      out = out.replace(authorization.substring("Basic ".length()), "****");
    }
    if (config.password() != null && !config.password().isEmpty()) {
      out = out.replace(config.password(), "****");
    }
    return out;
  }

  private static void pause(Duration delay, String operation) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          "Interrupted while retrying to " + operation + " at the schema registry", 0, -1, e);
    }
  }

  private static String basicAuth(RegistryConfig config) {
    String pair = config.username() + ":" + (config.password() == null ? "" : config.password());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
