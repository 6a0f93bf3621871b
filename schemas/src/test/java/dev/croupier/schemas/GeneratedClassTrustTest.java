package dev.croupier.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Avro trusts the generated classes without {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}, as on
 * a stock Flink cluster: each probe runs in a classloader of its own holding Avro and Croupier's
 * classes, like a job's user-code classloader on a TaskManager, so the trust installed in this
 * JVM's own Avro does not help it.
 */
class GeneratedClassTrustTest {
  private static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  private static final String SERVICE = "META-INF/services/org.apache.avro.Conversion";

  @BeforeAll
  static void noTrustFromTheJvm() {
    assertThat(System.getProperty(PROPERTY)).as("this test must run without " + PROPERTY).isNull();
  }

  @Test
  void shouldDecodeGeneratedRecordsInAFreshClassloaderWithoutAJvmOption() throws Exception {
    try (URLClassLoader jobLoader = userCodeLoader(false)) {
      assertThat(probe(jobLoader)).isEqualTo("DEPOSIT COMPLETED");
    }
  }

  @Test
  void shouldBeForbiddenByAvroWithoutTheService() throws Exception {
    // Given the same classloader without the service that installs the trust (the jar before it)
    try (URLClassLoader jobLoader = userCodeLoader(true)) {
      // Then Avro refuses the generated class, as it did on a stock cluster
      assertThatThrownBy(() -> probe(jobLoader))
          .isInstanceOf(SecurityException.class)
          .hasMessageContaining("Forbidden dev.croupier.schemas.avro.PaymentEvent");
    }
  }

  @Test
  void shouldKeepTrustingWhatTheSystemPropertyAndAvroTrust() {
    GeneratedClassTrust.install();
    GeneratedClassTrust.install();
    assertThat(GeneratedClassTrust.isTrusted(dev.croupier.schemas.avro.PaymentEvent.class))
        .isTrue();
    assertThat(GeneratedClassTrust.isTrusted(String.class)).isTrue();
    assertThat(GeneratedClassTrust.isTrusted(java.io.File.class)).isFalse();
  }

  private static Object probe(ClassLoader loader) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // as in a Flink task thread
    try {
      return Class.forName(TrustProbe.class.getName(), true, loader)
          .getMethod("roundTrip")
          .invoke(null);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * The test classpath in a loader of its own (parent: the JDK only), optionally without SERVICE.
   */
  private static URLClassLoader userCodeLoader(boolean withoutService) throws IOException {
    URL[] urls =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(GeneratedClassTrustTest::url)
            .toArray(URL[]::new);
    return new URLClassLoader("croupier-job", urls, ClassLoader.getPlatformClassLoader()) {
      @Override
      public URL findResource(String name) {
        return withoutService && name.equals(SERVICE) ? null : super.findResource(name);
      }

      @Override
      public Enumeration<URL> findResources(String name) throws IOException {
        return withoutService && name.equals(SERVICE)
            ? Collections.emptyEnumeration()
            : super.findResources(name);
      }
    };
  }

  private static URL url(String path) {
    try {
      return new File(path).toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(path, e);
    }
  }
}
