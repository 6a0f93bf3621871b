package dev.croupier.testkit;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds a Java runtime of at least a given version for a child process (the registry needs Java 21
 * while Croupier builds on 17): an explicit setting, then JAVA_HOME, this JVM, and /usr/lib/jvm.
 */
final class JavaHomes {
  static final String JAVA_HOME_PROPERTY = "croupier.registry.java.home";
  static final String JAVA_HOME_ENV = "CROUPIER_REGISTRY_JAVA_HOME";
  private static final Path JVM_DIR = Path.of("/usr/lib/jvm");

  private JavaHomes() {}

  /**
   * The {@code bin/java} of a runtime with feature version ≥ {@code minimum}, or a clear failure.
   */
  static Path javaExecutable(int minimum, String forWhat) {
    List<String> seen = new ArrayList<>();
    String explicit = setting(JAVA_HOME_PROPERTY, JAVA_HOME_ENV);
    if (explicit != null) {
      Path home = Path.of(explicit);
      int version = featureVersion(home);
      if (version < minimum) {
        throw new IllegalStateException(
            JAVA_HOME_ENV
                + " (or -D"
                + JAVA_HOME_PROPERTY
                + ") names "
                + home
                + ", which is "
                + describe(version)
                + "; "
                + forWhat
                + " needs Java "
                + minimum
                + " or newer");
      }
      return java(home);
    }
    seen.add(JAVA_HOME_ENV + " unset");
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && featureVersion(Path.of(javaHome)) >= minimum) {
      return java(Path.of(javaHome));
    }
    seen.add(
        "JAVA_HOME="
            + (javaHome == null
                ? "unset"
                : javaHome + " (" + describe(featureVersion(Path.of(javaHome))) + ")"));
    if (Runtime.version().feature() >= minimum) {
      return java(Path.of(System.getProperty("java.home")));
    }
    seen.add("this JVM (Java " + Runtime.version().feature() + ")");
    Optional<Path> scanned = newestUnder(JVM_DIR, minimum, seen);
    return scanned
        .map(JavaHomes::java)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    forWhat
                        + " needs Java "
                        + minimum
                        + " or newer, and none was found (looked at: "
                        + String.join(", ", seen)
                        + "). Install a JDK "
                        + minimum
                        + "+ under "
                        + JVM_DIR
                        + " (for example Eclipse Temurin 21 or 25, or Debian 13's"
                        + " openjdk-21-jdk-headless), or point "
                        + JAVA_HOME_ENV
                        + " at one."));
  }

  private static Optional<Path> newestUnder(Path dir, int minimum, List<String> seen) {
    Path best = null;
    int bestVersion = -1;
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(dir)) {
      for (Path home : homes) {
        int version = featureVersion(home);
        seen.add(home + " (" + describe(version) + ")");
        if (version >= minimum
            && version > bestVersion
            && Files.isExecutable(home.resolve("bin/java"))) {
          best = home;
          bestVersion = version;
        }
      }
    } catch (IOException e) {
      seen.add(dir + " (unreadable: " + e.getMessage() + ")");
    }
    return Optional.ofNullable(best);
  }

  /**
   * The feature version from {@code <home>/release} (JAVA_VERSION="25.0.3", "1.8.0_292"), or -1.
   */
  static int featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return -1;
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(release)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return -1;
    }
    String version = props.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
    String[] parts = version.split("[.\\-_+]");
    try {
      int first = Integer.parseInt(parts[0]);
      return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String setting(String property, String env) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String describe(int version) {
    return version < 0 ? "no readable release file" : "Java " + version;
  }

  private static Path java(Path home) {
    return home.resolve("bin").resolve("java");
  }
}
