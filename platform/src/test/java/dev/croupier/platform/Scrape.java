package dev.croupier.platform;

import dev.croupier.testkit.PrometheusText;
import dev.croupier.testkit.PrometheusText.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One scrape of a Prometheus endpoint, parsed from the text exposition format ({@link
 * PrometheusText}).
 */
final class Scrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<Sample> samples;

  private Scrape(List<Sample> samples) {
    this.samples = samples;
  }

  /** Scrapes {@code http://127.0.0.1:port/metrics} once. */
  static Scrape of(int port) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + request.uri());
    }
    return parse(response.body());
  }

  /**
   * Scrapes every second until every condition holds; after {@code max}, fails naming those that do
   * not, with the Croupier metrics seen.
   */
  static Scrape until(int port, Duration max, Map<String, Predicate<Scrape>> conditions)
      throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    Scrape last = null;
    Exception lastFailure = null;
    while (System.nanoTime() < deadline) {
      try {
        last = of(port);
        Scrape scrape = last;
        if (conditions.values().stream().allMatch(c -> c.test(scrape))) {
          return last;
        }
      } catch (IOException e) {
        lastFailure = e;
      }
      Thread.sleep(1_000);
    }
    if (last == null) {
      throw new AssertionError("no scrape succeeded within " + max, lastFailure);
    }
    List<String> unmet = new ArrayList<>();
    for (var c : conditions.entrySet()) {
      if (!c.getValue().test(last)) {
        unmet.add(c.getKey());
      }
    }
    throw new AssertionError(
        "after " + max + " still not: " + unmet + "; Croupier metrics seen: " + last.croupier());
  }

  static Scrape parse(String text) {
    return new Scrape(PrometheusText.parse(text));
  }

  /** Every sample name served. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** The sum of the samples named {@code name}. */
  double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  /** The sum of the samples named {@code name} whose {@code label} is {@code value}. */
  double sum(String name, String label, String value) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && value.equals(s.labels().get(label)))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** The values {@code label} takes on the samples named {@code name}. */
  Set<String> labelValues(String name, String label) {
    Set<String> values = new TreeSet<>();
    for (Sample s : samples) {
      if (s.name().equals(name) && s.labels().containsKey(label)) {
        values.add(s.labels().get(label));
      }
    }
    return values;
  }

  private Map<String, Double> croupier() {
    Map<String, Double> sums = new java.util.TreeMap<>();
    for (Sample s : samples) {
      if (s.name().contains("_croupier_") || s.name().contains("_redis_")) {
        sums.merge(s.name(), s.value(), Double::sum);
      }
    }
    return sums;
  }
}
