package dev.croupier.platform.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.jobs.fraud.FraudDetectionJob;
import dev.croupier.jobs.fraud.FraudJobConfig;
import dev.croupier.platform.DetectionScore;
import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.simulator.Simulator;
import dev.croupier.simulator.event.SimEvent;
import dev.croupier.simulator.scenario.ScenarioLabel;
import dev.croupier.simulator.sink.EventLogSink;
import dev.croupier.simulator.sink.GroundTruthFile;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.KafkaBroker;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The backtest reproduces the live job: a simulator run goes to Kafka and through the fraud job,
 * and to an event log; {@code croupier-backtest} over the log with the same rules finds exactly the
 * alerts (same ids) the live job committed, and scores them against the ground truth.
 */
@ExtendWith(SharedServices.class)
class FraudBacktestIT {
  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobFixture.miniCluster(new Configuration());

  @TempDir Path dir;

  @Test
  void shouldReproduceTheLiveJobsAlertsAndScoreThem(
      KafkaBroker kafka, RedisServer redis, ApicurioRegistry registry) throws Exception {
    // Given a simulator run with scenarios of every rule, written to an event log and a ground
    // truth
    Path log = dir.resolve("events.jsonl");
    Path truth = dir.resolve("truth.jsonl");
    List<SimEvent> events = new ArrayList<>();
    List<ScenarioLabel> labels = new ArrayList<>();
    Simulator sim =
        Simulator.builder()
            .players(400)
            .seed(13)
            .fraudRate(0.08)
            .badRecordRate(0)
            .start(START)
            .duration(Duration.ofHours(4))
            .build();
    try (EventLogSink sink = new EventLogSink(log);
        GroundTruthFile truthFile = new GroundTruthFile(truth)) {
      for (Iterator<SimEvent> it =
              sim.events(
                  l -> {
                    labels.add(l);
                    truthFile.accept(l);
                  });
          it.hasNext(); ) {
        SimEvent e = it.next();
        events.add(e);
        sink.accept(e);
      }
      sink.flush();
    }
    assertThat(labels).extracting(ScenarioLabel::ruleId).hasSizeGreaterThan(5);

    // When the live job runs over the same events from Kafka
    List<FraudAlert> live;
    try (JobFixture run = new JobFixture("fraud-backtest", kafka, redis, registry)) {
      FraudJobConfig cfg = FraudJobConfig.from(run.config("fraud", Map.of()));
      run.createTopics(Topics.ALL);
      for (SimEvent e : events) {
        run.produce(e.topic(), e.key(), e.value());
      }
      run.flush();
      StreamExecutionEnvironment env = JobEnvironment.create(cfg);
      FraudDetectionJob.Inputs in =
          FraudDetectionJob.Sources.of(cfg, KafkaIo.Reading.until(OffsetsInitializer.latest()))
              .read(env, cfg);
      FraudDetectionJob.sinkTo(FraudDetectionJob.build(in, cfg), FraudDetectionJob.Sinks.of(cfg));
      run.start(env);
      run.awaitEnd(Duration.ofMinutes(5));
      live = run.committed(Topics.ALERTS);
    }
    assertThat(live).isNotEmpty();

    // And the backtest runs over the event log with the same (bundled) rules
    FraudBacktest.Result backtest =
        FraudBacktest.overEventLog(log, FraudBacktest.config(null, Map.of()));

    // Then it finds exactly the live job's alerts, ids and all
    assertThat(backtest.alerts())
        .extracting(FraudAlert::getAlertId)
        .containsExactlyInAnyOrderElementsOf(live.stream().map(FraudAlert::getAlertId).toList());
    assertThat(backtest.alerts()).containsExactlyInAnyOrderElementsOf(live);

    // And the command prints per-rule precision and recall against the ground truth, as a table
    // and as JSON, with the figures an independent scoring gives
    Path rules = Path.of("../flink-conf/fraud-rules.yaml");
    Path json = dir.resolve("report.json");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    int exit =
        new CommandLine(new BacktestCli(new PrintStream(table, true, StandardCharsets.UTF_8)))
            .execute(
                "--events", log.toString(),
                "--rules", rules.toString(),
                "--ground-truth", truth.toString(),
                "--json", json.toString());
    assertThat(exit).isZero();
    DetectionScore oracle =
        DetectionScore.of(
            labels,
            live.stream()
                .map(a -> new DetectionScore.Alert(a.getRuleId(), a.getUserId()))
                .toList());
    String printed = table.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("precision").contains("recall").contains("org/1k/day");
    JsonNode report = new ObjectMapper().readTree(Files.readString(json));
    for (JsonNode r : report.get("rules")) {
      DetectionScore.RuleScore s = oracle.perRule().get(r.get("ruleId").asText());
      assertThat(r.get("alerts").asInt()).as(r.toString()).isEqualTo(s.alerts());
      assertThat(r.get("scenarios").asInt()).as(r.toString()).isEqualTo(s.scenarios());
      assertThat(r.get("detected").asInt()).as(r.toString()).isEqualTo(s.detected());
      assertThat(printed).contains(r.get("ruleId").asText());
    }
    assertThat(report.get("total").get("alerts").asInt()).isEqualTo(live.size());
  }
}
