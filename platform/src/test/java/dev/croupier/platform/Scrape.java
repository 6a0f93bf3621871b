package dev.croupier.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One scrape of a Prometheus endpoint, parsed from the text exposition format: each sample's name,
 * labels and value, as Prometheus would store them.
 */
final class Scrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One sample line: {@code name{label="value",...} 12.0}. */
  record Sample(String name, Map<String, String> labels, double value) {}

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
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      Map<String, String> labels = new LinkedHashMap<>();
      String name;
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        parseLabels(line, brace + 1, labels);
      } else {
        name = line.substring(0, space);
      }
      out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return new Scrape(out);
  }

  // label="value" pairs up to the closing brace; values escape \ " and newline with a backslash
  private static void parseLabels(String line, int from, Map<String, String> labels) {
    int i = from;
    while (i < line.length() && line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // after ="
      for (; line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
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
