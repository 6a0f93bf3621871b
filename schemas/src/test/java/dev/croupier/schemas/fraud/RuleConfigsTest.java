package dev.croupier.schemas.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.avro.RuleMode;
import dev.croupier.schemas.avro.Severity;
import dev.croupier.schemas.fraud.RuleConfigs.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleConfigsTest {
  private static final RuleId VELOCITY = RuleId.of("bet-velocity");

  private static RuleConfig rule(String block) {
    String yaml =
        "rules:\n  bet-velocity:\n"
            + block.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
    return RuleBook.parse(yaml, "'test'").config(VELOCITY);
  }

  private static String reject(RuleConfig live, RuleConfig next) {
    Verdict v = RuleConfigs.check(live, next);
    assertThat(v).isInstanceOf(Verdict.Reject.class);
    return ((Verdict.Reject) v).reason();
  }

  @Test
  void shouldReadABlockWithItsCommonKeysAndAShadowThatInheritsThePrimary() {
    RuleConfig c =
        rule(
            """
            version: 3
            mode: active
            severity: HIGH
            cool-down: 10m
            min-bets: 30
            window: 10s
            shadow:
              min-bets: 25
              cool-down: 0""");
    assertThat(c.getVersion()).isEqualTo(3);
    assertThat(c.getMode()).isEqualTo(RuleMode.ACTIVE);
    assertThat(c.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(c.getCoolDownMillis()).isEqualTo(600_000L);
    assertThat(c.getThresholds()).containsOnlyKeys("min-bets", "window");
    assertThat(c.getShadow().getVersion()).isEqualTo(4);
    assertThat(c.getShadow().getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(c.getShadow().getCoolDownMillis()).isZero();
    assertThat(c.getShadow().getThresholds())
        .containsEntry("min-bets", "25")
        .containsEntry("window", "10s");
    assertThat(RuleConfigs.shadowValues(c).orElseThrow())
        .containsEntry("mode", "shadow")
        .containsEntry("version", "4")
        .containsEntry("cool-down", "0ms");
    assertThat(RuleConfigs.primaryValues(c))
        .containsEntry("mode", "active")
        .containsEntry("severity", "HIGH")
        .containsEntry("cool-down", "600000ms");
  }

  @Test
  void shouldDefaultToVersionOneActiveAndReadTheOlderEnabledSpelling() {
    RuleConfig c = rule("min-bets: 30");
    assertThat(c.getVersion()).isEqualTo(RuleConfigs.FIRST_VERSION);
    assertThat(c.getMode()).isEqualTo(RuleMode.ACTIVE);
    assertThat(c.getSeverity()).isNull();
    assertThat(c.getCoolDownMillis()).isNull();
    assertThat(rule("enabled: false").getMode()).isEqualTo(RuleMode.OFF);
    assertThatThrownBy(() -> rule("version: 0"))
        .hasMessageContaining("rule 'bet-velocity', key 'version': expected an integer between 1");
  }

  @Test
  void shouldWriteYamlThatReadsBackToTheSameRecord() {
    RuleConfig c =
        rule(
            """
            version: 7
            mode: active
            severity: MEDIUM
            cool-down: 90m
            min-bets: 30
            window: 10s
            note: 'a: colon'
            shadow:
              version: 9
              min-bets: 25""");
    String yaml = RuleConfigs.toYaml(List.of(c));
    assertThat(yaml).contains("    cool-down: 90m\n").contains("      min-bets: 25\n");
    assertThat(yaml).doesNotContain("      window:"); // the shadow lists what differs only
    RuleConfig back = RuleBook.parse(yaml, "'export'").config(VELOCITY);
    assertThat(RuleConfigs.sameRecord(back, c)).isTrue();
  }

  @Test
  void shouldAcceptANewVersionAndTreatARepeatAsUnchanged() {
    RuleConfig v1 = rule("min-bets: 30");
    RuleConfig v2 = rule("version: 2\nmin-bets: 25");
    assertThat(RuleConfigs.check(v1, v2)).isInstanceOf(Verdict.Accept.class);
    assertThat(RuleConfigs.check(v2, rule("version: 2\nmin-bets: 25")))
        .isInstanceOf(Verdict.Unchanged.class);
    // the mode is not part of a version: the same version may be switched off and on
    assertThat(RuleConfigs.check(v2, rule("version: 2\nmode: off\nmin-bets: 25")))
        .isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void shouldRejectAnOlderVersionAndAVersionWithOtherSettings() {
    RuleConfig v3 = rule("version: 3\nmin-bets: 30");
    assertThat(reject(v3, rule("version: 2\nmin-bets: 20")))
        .contains("version 2 is not newer than the live version 3")
        .contains("a rollback is a new version");
    assertThat(reject(v3, rule("version: 3\nmin-bets: 20")))
        .contains("version 3 is live with other settings")
        .contains("new version greater than 3");
  }

  @Test
  void shouldPromoteAShadowAndRefuseAShadowThatCannotRun() {
    RuleConfig live = rule("version: 3\nmin-bets: 30\nshadow: {min-bets: 25}"); // shadow v4
    RuleConfig promoted = rule("version: 4\nmin-bets: 25");
    assertThat(RuleConfigs.check(live, promoted)).isInstanceOf(Verdict.Accept.class);
    assertThat(reject(live, rule("version: 4\nmin-bets: 20")))
        .contains("version 4 is live with other settings");
    assertThat(reject(live, rule("version: 5\nmode: off\nshadow: {version: 6}")))
        .contains("a shadow version runs only beside an ACTIVE primary");
    assertThat(reject(live, rule("version: 5\nshadow: {version: 5}")))
        .contains("the shadow's version 5 must be greater than the primary's 5");
  }

  @Test
  void shouldRunTheDefinitionThatNamesTheHigherVersion() {
    RuleConfig file = rule("version: 5\nmin-bets: 30");
    RuleConfig topic = rule("version: 4\nmin-bets: 20");
    assertThat(RuleConfigs.live(file, topic)).isSameAs(file);
    assertThat(RuleConfigs.live(file, rule("version: 5\nmin-bets: 30"))).isNotSameAs(file);
    assertThat(RuleConfigs.live(file, null)).isSameAs(file);
  }
}
