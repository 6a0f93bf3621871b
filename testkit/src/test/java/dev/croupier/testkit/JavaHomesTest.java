package dev.croupier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a JDK's feature version from its release file, old and new numbering. */
class JavaHomesTest {
  @TempDir Path home;

  @Test
  void shouldReadTheFeatureVersionOfModernAndLegacyNumbering() throws Exception {
    assertThat(versionOf("JAVA_VERSION=\"25.0.3\"")).isEqualTo(25);
    assertThat(versionOf("JAVA_VERSION=\"21\"")).isEqualTo(21);
    assertThat(versionOf("JAVA_VERSION=\"22-ea\"")).isEqualTo(22);
    assertThat(versionOf("JAVA_VERSION=\"1.8.0_292\"")).isEqualTo(8);
  }

  @Test
  void shouldAnswerMinusOneWithoutAReadableVersion() throws Exception {
    assertThat(JavaHomes.featureVersion(home)).isEqualTo(-1);
    assertThat(versionOf("IMPLEMENTOR=\"nobody\"")).isEqualTo(-1);
  }

  @Test
  void shouldFindARuntimeOfTheRequiredVersionOnThisMachine() {
    Path java = JavaHomes.javaExecutable(ApicurioRegistry.MIN_JAVA, "the registry");
    assertThat(java).isExecutable();
    assertThat(JavaHomes.featureVersion(java.getParent().getParent()))
        .isGreaterThanOrEqualTo(ApicurioRegistry.MIN_JAVA);
  }

  private int versionOf(String releaseLine) throws Exception {
    Files.writeString(home.resolve("release"), releaseLine + "\n");
    return JavaHomes.featureVersion(home);
  }
}
