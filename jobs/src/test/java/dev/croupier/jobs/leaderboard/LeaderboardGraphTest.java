package dev.croupier.jobs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.EmptyInputs;
import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.leaderboard.BetPlacedTypeInfo;
import dev.croupier.udfs.leaderboard.BetSettledTypeInfo;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The leaderboard job's graph, built without running it. */
class LeaderboardGraphTest {

  @Test
  void shouldSendTheDecodedRecordsOverTheKeyByWithTheirOwnSerializers() {
    // Given the job built on empty inputs
    LeaderboardJobConfig cfg =
        LeaderboardJobConfig.from(
            ConfigValues.of(
                Map.of("kafka.bootstrap-servers", "k:9092", "registry.url", "http://r:8080")));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    LeaderboardJob.sinkTo(
        LeaderboardJob.build(
            new LeaderboardJob.Inputs(
                EmptyInputs.of(env, BetPlaced.class, "in-bets"),
                EmptyInputs.of(env, BetSettled.class, "in-rounds")),
            cfg),
        new LeaderboardJob.Sinks(new DiscardingSink<>(), new DiscardingSink<>()));

    // Then the boards read bets and settlements with the hand-written serializers, not Avro's
    StreamNode boards =
        env.getStreamGraph().getStreamNodes().stream()
            .filter(n -> LeaderboardUids.BOARDS.equals(n.getTransformationUID()))
            .findFirst()
            .orElseThrow();
    assertThat(boards.getTypeSerializersIn())
        .containsExactly(
            BetPlacedTypeInfo.INSTANCE.createSerializer(env.getConfig().getSerializerConfig()),
            BetSettledTypeInfo.INSTANCE.createSerializer(env.getConfig().getSerializerConfig()));
  }
}
