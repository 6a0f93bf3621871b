package dev.croupier.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the unpacked Apicurio Registry app lives: {@code -Dcroupier.apicurio.home}, else {@code
 * CROUPIER_APICURIO_HOME}, else what the testkit build wrote into {@code testkit.properties}.
 */
final class ApicurioHome {
  static final String HOME_PROPERTY = "croupier.apicurio.home";
  static final String HOME_ENV = "CROUPIER_APICURIO_HOME";
  private static final String BUILD_PROPERTIES = "dev/croupier/testkit/testkit.properties";

  private ApicurioHome() {}

  static Path locate() {
    String source = "-D" + HOME_PROPERTY + " or " + HOME_ENV;
    String home = JavaHomes.setting(HOME_PROPERTY, HOME_ENV);
    Properties build = buildProperties();
    if (home == null) {
      home = build.getProperty("apicurio.home");
      source = BUILD_PROPERTIES + " (written by the testkit build)";
    }
    if (home == null || !Files.isRegularFile(Path.of(home, "quarkus-run.jar"))) {
      throw new IllegalStateException(
          "Apicurio Registry app not found at "
              + home
              + " (from "
              + source
              + "): build the testkit module first (its generate-resources phase unpacks "
              + "io.apicurio:apicurio-registry-app:"
              + build.getProperty("apicurio.version", "?")
              + ":tar.gz:all), or set -D"
              + HOME_PROPERTY
              + " / "
              + HOME_ENV
              + " to a directory holding quarkus-run.jar");
    }
    return Path.of(home);
  }

  private static Properties buildProperties() {
    Properties props = new Properties();
    try (InputStream in =
        ApicurioHome.class.getClassLoader().getResourceAsStream(BUILD_PROPERTIES)) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES, e);
    }
    return props;
  }
}
