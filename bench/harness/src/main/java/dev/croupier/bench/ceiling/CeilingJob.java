package dev.croupier.bench.ceiling;

import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.KafkaIo;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.ConfigValues;
import dev.croupier.udfs.config.RuntimeSettings;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The Flink ceilings of the benchmark, submitted from a copy of the job jar like the jobs: every
 * input topic read with the jobs' own Kafka source and wire decoder ({@link KafkaIo}), then either
 * discarded ({@code bench.mode=pass-through}) or keyed by player into a function that counts per
 * player in keyed state ({@code bench.mode=keyed-no-op}) on {@code job.state-backend}. Same runtime
 * settings and {@code --key=value} arguments as the jobs.
 */
public final class CeilingJob {
  /** What the job does after decoding. */
  public enum Mode {
    PASS_THROUGH,
    KEYED_NO_OP
  }

  private CeilingJob() {}

  public static void main(String[] args) throws Exception {
    ConfigValues c = ConfigValues.load(null, args);
    Mode mode =
        Mode.valueOf(
            c.string("bench.mode", "pass-through").toUpperCase(Locale.ROOT).replace('-', '_'));
    String name = "bench-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    CommonJobConfig cfg = CommonJobConfig.from(c, name, RuntimeSettings.StateBackend.HASHMAP);
    StreamExecutionEnvironment env = JobEnvironment.create(cfg.runtime());
    DataStream<String> players = null;
    for (Topic<?> topic : Topics.INPUTS) {
      DataStream<String> keys = read(env, cfg, topic, mode);
      if (keys != null) {
        players = players == null ? keys : players.union(keys);
      }
    }
    if (players != null) {
      players
          .keyBy(p -> p, Types.STRING)
          .process(new CountPerPlayer())
          .uid("count-per-player")
          .name("count per player")
          .sinkTo(new DiscardingSink<>())
          .uid("discard")
          .name("discard");
    }
    env.execute(name);
  }

  /** The decoded records of a topic: discarded, or their player ids for the keyed no-op. */
  private static <T extends SpecificRecordBase> DataStream<String> read(
      StreamExecutionEnvironment env, CommonJobConfig cfg, Topic<T> topic, Mode mode) {
    DataStream<Either<DeadLetter, T>> in =
        env.fromSource(
                KafkaIo.source(cfg, topic),
                WatermarkStrategy.noWatermarks(),
                "source " + topic.name())
            .uid("source-" + topic.id())
            .name("source " + topic.name());
    if (mode == Mode.PASS_THROUGH) {
      in.sinkTo(new DiscardingSink<>())
          .uid("discard-" + topic.id())
          .name("discard " + topic.name());
      return null;
    }
    return in.filter(Either::isRight)
        .uid("records-" + topic.id())
        .name("records of " + topic.name())
        .map(e -> String.valueOf(e.right().get("userId")), Types.STRING)
        .uid("player-of-" + topic.id())
        .name("player of " + topic.name());
  }

  /** Counts a player's records in keyed state: one state read and write per record. */
  static final class CountPerPlayer extends KeyedProcessFunction<String, String, Long> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(String player, Context ctx, Collector<Long> out) throws Exception {
      Long n = count.value();
      count.update(n == null ? 1L : n + 1);
    }
  }
}
