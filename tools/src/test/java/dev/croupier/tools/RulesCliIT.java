package dev.croupier.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.fraud.RuleConfigs;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.topics.TopicAdmin;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.SharedServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code croupier-rules} on a real Kafka and Apicurio: push the shipped rules file, export it back
 * as the same rules; push a new version of one rule, and export shows it.
 */
@ExtendWith(SharedServices.class)
class RulesCliIT {
  private static final String TOPIC = "it-rules-cli.rules";

  @TempDir Path dir;

  @Test
  void shouldPushARulesFileAndExportWhatTheTopicHolds(KafkaBroker kafka, ApicurioRegistry registry)
      throws Exception {
    TopicAdmin.createMissing(
        kafka.bootstrapServers(), Map.of(), List.of(Topics.RULES.named(TOPIC)), 2);
    Path shipped = Path.of("../flink-conf/fraud-rules.yaml");
    RuleBook file = RuleBook.parse(Files.readString(shipped), "'shipped'");

    // When the shipped file is pushed and the topic exported
    String pushed = run(kafka, registry, "push", shipped.toString(), "--updated-by", "it");
    String exported = run(kafka, registry, "export");

    // Then every rule went out, and the export reads back as the same rules
    assertThat(pushed.lines()).hasSize(file.ids().size()).allMatch(l -> l.startsWith("pushed "));
    RuleBook back = RuleBook.parse(exported, "'export'");
    assertThat(back.ids()).containsExactlyInAnyOrderElementsOf(file.ids());
    for (RuleId id : file.ids()) {
      assertThat(RuleConfigs.sameRecord(back.config(id), file.config(id))).as(id.id()).isTrue();
    }

    // When a file with a new version of one rule (and a shadow beside it) is pushed
    Path v2 = dir.resolve("v2.yaml");
    Files.writeString(
        v2,
        "rules:\n  bet-velocity:\n    version: 2\n    min-bets: 25\n    shadow: {min-bets: 20}\n");
    run(kafka, registry, "push", v2.toString());

    // Then the export shows it, and the other rules as before
    RuleBook after = RuleBook.parse(run(kafka, registry, "export"), "'export'");
    RuleConfig velocity = after.config(RuleId.of("bet-velocity"));
    assertThat(velocity.getVersion()).isEqualTo(2);
    assertThat(velocity.getThresholds()).containsEntry("min-bets", "25");
    assertThat(velocity.getShadow().getVersion()).isEqualTo(3);
    assertThat(velocity.getShadow().getThresholds()).containsEntry("min-bets", "20");
    assertThat(after.ids()).hasSize(file.ids().size());
  }

  private static String run(KafkaBroker kafka, ApicurioRegistry registry, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String[] all = new String[args.length + 6];
    all[0] = "--bootstrap-servers";
    all[1] = kafka.bootstrapServers();
    all[2] = "--registry-url";
    all[3] = registry.confluentApiUrl();
    all[4] = "--topic";
    all[5] = TOPIC;
    System.arraycopy(args, 0, all, 6, args.length);
    int exit =
        new CommandLine(new RulesCli(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
            .execute(all);
    assertThat(exit).as(String.join(" ", args)).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
