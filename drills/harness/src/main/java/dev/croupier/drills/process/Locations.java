package dev.croupier.drills.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the drills find the classpaths of the processes they start and the job jar: written by the
 * build into {@code drills.properties}; {@code -Dcroupier.drills.<key>} overrides a value.
 */
public final class Locations {
  private static final String RESOURCE = "dev/croupier/drills/drills.properties";
  private static final Properties BUILD = load();

  private Locations() {}

  /** The classpath of a stock Flink cluster (no Croupier class), from Flink's Maven artifacts. */
  public static String flinkClasspath() {
    return classpath("flink.classpath.file", "drills/flink-standalone");
  }

  /** The classpath of a Kafka broker (kafka_2.13 and a log4j binding). */
  public static String kafkaClasspath() {
    return classpath("kafka.classpath.file", "drills/kafka-standalone");
  }

  /** The shaded job jar, as users submit it. */
  public static Path jobsJar() {
    Path jar = Path.of(value("jobs.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the job jar "
              + jar
              + " is missing: build it with mvn -B -DskipTests package -pl jobs -am");
    }
    return jar;
  }

  /** The repository's root directory (docs, flink-conf). */
  public static Path projectRoot() {
    return Path.of(value("project.root")).normalize();
  }

  private static String classpath(String key, String module) {
    Path file = Path.of(value(key));
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalStateException(
          "no classpath file " + file + ": build the " + module + " module first", e);
    }
  }

  private static String value(String key) {
    String override = System.getProperty("croupier.drills." + key);
    String v = override != null ? override : BUILD.getProperty(key);
    if (v == null) {
      throw new IllegalStateException(RESOURCE + " has no " + key + ": rebuild the drills module");
    }
    return v;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Locations.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
