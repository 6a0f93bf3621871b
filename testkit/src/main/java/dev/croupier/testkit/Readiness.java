package dev.croupier.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Waits for a child service to answer HTTP 200 at a URL, polling. Fails fast when the child exits,
 * and on timeout, with the tail of the child's log in the message.
 */
final class Readiness {
  static final String TIMEOUT_PROPERTY = "croupier.apicurio.startTimeoutSeconds";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int TAIL_LINES = 40;

  /** The child could not bind its port: someone took it after it was found free. */
  static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }

  private Readiness() {}

  static void await(Process child, String url, Path log) {
    Duration timeout =
        Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT.toSeconds()));
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
    while (true) {
      if (!child.isAlive()) {
        String tail = tail(log);
        String message =
            "Apicurio Registry exited with code "
                + child.exitValue()
                + " before it answered "
                + url
                + ". Last lines of "
                + log
                + ":\n"
                + tail;
        // Quarkus 3 says "Port N seems to be in use by another process"; older ones, the JDK's
        // words.
        if (tail.contains("seems to be in use") || tail.contains("Address already in use")) {
          throw new PortTakenException(message);
        }
        throw new IllegalStateException(message);
      }
      if (answers(http, probe)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Apicurio Registry did not answer "
                + url
                + " within "
                + timeout.toSeconds()
                + " s (raise -D"
                + TIMEOUT_PROPERTY
                + " on a slow machine)."
                + " Last lines of "
                + log
                + ":\n"
                + tail(log));
      }
      sleep();
    }
  }

  private static boolean answers(HttpClient http, HttpRequest probe) {
    try {
      return http.send(probe, BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
    }
  }

  static String tail(Path log) {
    try {
      // Lenient decoding: a log may hold bytes that are not UTF-8.
      List<String> lines =
          new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
