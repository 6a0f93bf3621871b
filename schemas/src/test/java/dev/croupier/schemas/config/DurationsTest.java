package dev.croupier.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void shouldReadEveryUnitAndIso8601() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("15 min")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse(" 2H ")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("pt10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("0s")).isZero();
  }

  @Test
  void shouldRefuseOtherFormsNamingTheExpectedOnes() {
    for (String bad : new String[] {"soon", "", "10", "1.5h", "-PT1H", "99999999999999999999s"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("expected a duration");
    }
  }
}
