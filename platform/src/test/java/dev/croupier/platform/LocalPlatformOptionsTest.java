package dev.croupier.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LocalPlatformOptionsTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:17:23Z");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine commandLine() {
    CommandLine cl = LocalPlatform.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl;
  }

  @Test
  void shouldPrintUsageWithEveryOptionOnHelp() {
    // When asked for help
    int code = commandLine().execute("--help");

    // Then it exits 0 and documents the options and their defaults
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "Usage: croupier-local",
            "--players",
            "--rate",
            "--duration",
            "--fraud-rate",
            "--seed",
            "--acceleration",
            "--kafka-bootstrap",
            "--registry-url",
            "--redis-host",
            "--redis-port",
            "--no-console",
            "--services-file",
            "--keep-services",
            "default: 5000");
  }

  @Test
  void shouldNameTheOptionWhenAValueIsBad() {
    // When a value cannot be read, or is out of range, or an option does not exist
    int notANumber = commandLine().execute("--players", "lots");
    int badDuration = commandLine().execute("--duration", "soon");
    int unknown = commandLine().execute("--speed", "3");

    // Then each fails with usage exit code 2, naming the option
    assertThat(new int[] {notANumber, badDuration, unknown}).containsOnly(2);
    assertThat(err.toString())
        .contains(
            "'--players'",
            "'--duration'",
            "expected a positive duration such as 90s",
            "Unknown option",
            "'--speed'");
  }

  @Test
  void shouldRejectAFraudRateAboveOneNamingTheOption() {
    // Given a fraud rate of 2
    CommandLine cl = commandLine();
    cl.parseArgs("--fraud-rate", "2");

    // When the settings are built
    LocalPlatform command = cl.getCommand();
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> command.settings(NOW));

    // Then the option is named with the expected form
    assertThat(failure)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'--fraud-rate'")
        .hasMessageContaining("from 0 to 1");
  }

  @Test
  void shouldEndTheSimulatedSpanBeforeNowOnTheHourAndReuseGivenServices() {
    // Given ten minutes at 60x, and existing Kafka and Redis
    CommandLine cl = commandLine();
    cl.parseArgs(
        "--duration",
        "10m",
        "--acceleration",
        "60",
        "--kafka-bootstrap",
        "k:9092",
        "--redis-port",
        "6380");

    // When the settings are built
    PlatformSettings s = ((LocalPlatform) cl.getCommand()).settings(NOW);

    // Then ten hours of event time end before now, starting on the hour
    assertThat(s.eventTimeSpan()).isEqualTo(Duration.ofHours(10));
    assertThat(s.eventTimeStart()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(s.eventTimeStart().plus(s.eventTimeSpan())).isBefore(NOW);
    // And the given services are used, the registry is started (no URL)
    assertThat(s.kafkaBootstrap()).isEqualTo("k:9092");
    assertThat(s.redisPort()).isEqualTo(6380);
    assertThat(s.registryUrl()).isNull();
    assertThat(s.simulator().acceleration()).isEqualTo(60);
  }
}
