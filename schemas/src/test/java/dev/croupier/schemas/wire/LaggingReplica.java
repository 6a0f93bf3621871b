package dev.croupier.schemas.wire;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry replica in front of a real registry: forwards every request to it, except that it
 * answers 404 for the schema ids it has "not seen yet" (as a replica that lags behind the primary
 * does), and counts the id lookups it served. For tests of what a decoder does with ids the
 * registry does not (yet) know.
 */
final class LaggingReplica implements AutoCloseable {
  private static final String IDS = "/schemas/ids/";

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String upstream;
  private final String basePath;
  private final Set<Integer> unseen = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicInteger> lookups = new ConcurrentHashMap<>();

  /** A replica of the Confluent API at {@code upstreamUrl} (e.g. .../apis/ccompat/v7). */
  LaggingReplica(String upstreamUrl) throws IOException {
    this.upstream = upstreamUrl;
    this.basePath = URI.create(upstreamUrl).getPath();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The replica's Confluent API base URL. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
  }

  /** The replica answers 404 for {@code id} until {@link #catchUp} is called. */
  void notYetSeen(int id) {
    unseen.add(id);
  }

  void catchUp(int id) {
    unseen.remove(id);
  }

  /** How many times {@code id} was looked up through the replica. */
  int lookupsOf(int id) {
    AtomicInteger n = lookups.get(id);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath().substring(basePath.length());
      if (path.startsWith(IDS)) {
        String rest = path.substring(IDS.length());
        int slash = rest.indexOf('/');
        int id = Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
        lookups.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if (unseen.contains(id)) {
          reply(
              exchange, 404, "{\"error_code\":40403,\"message\":\"Schema " + id + " not found\"}");
          return;
        }
      }
      forward(exchange, path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forward(HttpExchange exchange, String path)
      throws IOException, InterruptedException {
    String query = exchange.getRequestURI().getRawQuery();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream + path + (query == null ? "" : "?" + query)));
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    request.method(
        exchange.getRequestMethod(),
        body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> answer =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(
        answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
    if (answer.body().length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
