package dev.croupier.jobs.fraud.newrule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.fraud.RuleBook;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import dev.croupier.udfs.fraud.rules.RuleRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An eleventh rule takes its class ({@link WhaleBet}), its block in the rules file ({@link
 * #WHALE_BET}) and its simulator scenario ({@link WhaleBetScenario}), and nothing else: the job
 * reads its threshold, wires it with its own uids and raises its alerts exactly for the scenarios
 * the simulator labelled, fitted to the same rules file.
 */
@ExtendWith(SharedServices.class)
class NewRuleIT {
  /** The rule's block, appended under {@code rules:} of the bundled rules file. */
  static final String WHALE_BET =
      """
        whale-bet:                     # a single huge stake
          enabled: true
          severity: LOW
          cool-down: 1h
          min-stake: 4000000           # >= 40,000.00
      """;

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  @Test
  void shouldDetectTheScenariosOfANewRuleFromItsClassBlockAndScenarioAlone(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry, @TempDir Path dir)
      throws Exception {
    // Given the bundled rules file with the new rule's block, and the simulator injecting only the
    // new rule's scenario into an hour of ordinary play
    Path rulesFile = dir.resolve("fraud-rules.yaml");
    Files.writeString(rulesFile, bundledRules() + WHALE_BET);
    RuleBook book = RuleBook.parse(Files.readString(rulesFile), "'" + rulesFile + "'");
    List<ScenarioLabel> labels = new ArrayList<>();
    List<SimEvent> events = new ArrayList<>();
    Simulator.builder()
        .players(400)
        .seed(11)
        .fraudRate(0.5)
        .start(Instant.parse("2026-03-02T08:00:00Z"))
        .duration(Duration.ofHours(1))
        .scenarios(List.of(new WhaleBetScenario()))
        .ruleBook(book)
        .build()
        .events(labels::add)
        .forEachRemaining(events::add);

    try (JobFixture run = new JobFixture("new-rule", kafka, redis, registry)) {
      FraudJobConfig cfg =
          FraudJobConfig.from(
              run.config("fraud", Map.of("fraud.rules-file", rulesFile.toString())),
              RuleRegistry.DEFAULT.with(WhaleBet.RULE));
      run.createTopics(Topics.ALL);
      for (SimEvent e : events) {
        run.send(e.topic(), e.key(), e.raw() != null ? e.raw() : run.encode(e.topic(), value(e)));
      }
      run.flush();

      // When the fraud job runs over it with the registry that knows the new rule
      StreamExecutionEnvironment env = JobEnvironment.create(cfg);
      FraudDetectionJob.sinkTo(
          FraudDetectionJob.build(
              FraudDetectionJob.Sources.of(cfg, KafkaIo.Reading.until(OffsetsInitializer.latest()))
                  .read(env, cfg),
              cfg),
          FraudDetectionJob.Sinks.of(cfg));
      List<String> uids =
          env.getStreamGraph(false).getStreamNodes().stream()
              .map(StreamNode::getTransformationUID)
              .toList();
      run.start(env);
      run.awaitEnd(Duration.ofMinutes(3));

      // Then the threshold came from its block, the rule has its own operators, and it alerted
      // exactly on the players the simulator labelled
      assertThat(cfg.rules().settings(WhaleBet.RULE).minStake()).isEqualTo(4_000_000);
      assertThat(uids).contains("fraud-whale-bet-input", "fraud-whale-bet-rule");
      assertThat(labels).hasSizeGreaterThanOrEqualTo(3);
      assertThat(
              run.committed(Topics.ALERTS).stream()
                  .filter(a -> a.getRuleId().equals("whale-bet"))
                  .map(FraudAlert::getUserId))
          .containsExactlyInAnyOrderElementsOf(
              labels.stream().flatMap(l -> l.userIds().stream()).toList());
    }
  }

  private static String bundledRules() throws Exception {
    try (var in = NewRuleIT.class.getClassLoader().getResourceAsStream(RuleBook.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SpecificRecord value(SimEvent e) {
    return e.value();
  }
}
