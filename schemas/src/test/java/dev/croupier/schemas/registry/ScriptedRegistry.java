package dev.croupier.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP server that plays a registry from a script of answers, one per request, and records
 * what it was sent. For unit tests of retries, headers and error handling; the real protocol is
 * tested against Apicurio.
 */
final class ScriptedRegistry implements AutoCloseable {
  /** One request as the server saw it. */
  record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : String.join(",", values);
    }
  }

  private record Answer(int status, String body) {}

  private static final Answer DROP = new Answer(-1, null);
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  ScriptedRegistry() throws IOException {
    this(null);
  }

  /** Serves HTTPS with {@code tls} when it is not null. */
  ScriptedRegistry(SSLContext tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next request gets {@code status} with {@code body}. */
  ScriptedRegistry answer(int status, String body) {
    script.add(new Answer(status, body));
    return this;
  }

  /** The next request has its connection closed without an answer: an I/O failure. */
  ScriptedRegistry dropConnection() {
    script.add(DROP);
    return this;
  }

  List<Seen> requests() {
    return seen;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(exchange.getRequestHeaders());
    String query = exchange.getRequestURI().getRawQuery();
    String path = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    seen.add(new Seen(exchange.getRequestMethod(), path, headers, body));
    Answer answer = script.poll();
    if (answer == null) {
      answer = new Answer(500, "{\"error_code\":50001,\"message\":\"script exhausted\"}");
    }
    if (answer == DROP) {
      throw new IOException("dropping the connection, as scripted"); // the server closes it
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
