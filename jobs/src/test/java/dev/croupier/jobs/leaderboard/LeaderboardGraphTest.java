package dev.croupier.jobs.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BetPlaced;
import dev.croupier.schemas.avro.BetSettled;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.leaderboard.BetPlacedTypeInfo;
import dev.croupier.udfs.leaderboard.BetSettledTypeInfo;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** The leaderboard job's graph, built without running it. */
class LeaderboardGraphTest {

  private static <T extends SpecificRecordBase> DataStream<Either<DeadLetter, T>> empty(
      StreamExecutionEnvironment env, Class<T> type, String uid) {
    return env.fromData(
            List.<Either<DeadLetter, T>>of(),
            new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(type)))
        .uid(uid);
  }

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
                empty(env, BetPlaced.class, "in-bets"), empty(env, BetSettled.class, "in-rounds")),
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
