package dev.croupier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void shouldRefuseAnExplicitRuntimeThatIsTooOldAndSayWhatIsNeeded() throws Exception {
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
    System.setProperty(JavaHomes.JAVA_HOME_PROPERTY, home.toString());
    try {
      assertThatThrownBy(() -> JavaHomes.javaExecutable(21, "Apicurio Registry"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(home.toString())
          .hasMessageContaining("Java 17")
          .hasMessageContaining("Apicurio Registry needs Java 21 or newer");
    } finally {
      System.clearProperty(JavaHomes.JAVA_HOME_PROPERTY);
    }
  }

  private int versionOf(String releaseLine) throws Exception {
    Files.writeString(home.resolve("release"), releaseLine + "\n");
    return JavaHomes.featureVersion(home);
  }
}
