package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.common.CommittedRecords;
import dev.croupier.jobs.common.JobEnvironment;
import dev.croupier.jobs.common.JobFixture;
import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.avro.PaymentEvent;
import dev.croupier.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The balance job's own pipeline ({@code Sources.read} → {@code build} → {@code sinkTo}) on a
 * {@link JobFixture}, fed {@link Delivery}s: what the balance ITs share. A test may put a fault
 * injector on the payments input and start the job on an environment it configured further (a state
 * to restore).
 */
final class BalanceRun {
  /** A fault injector on the payments input: {@code stream → stream with the fault}. */
  interface PaymentsFault {
    SingleOutputStreamOperator<Either<DeadLetter, PaymentEvent>> apply(
        DataStream<Either<DeadLetter, PaymentEvent>> payments);
  }

  final JobFixture fixture;
  final BalanceJobConfig cfg;
  final CommittedRecords out;
  private final Map<Delivery, byte[]> producedBytes = new IdentityHashMap<>();
  private final Map<String, String> more;
  private boolean burstyBets;

  /** The job configured by the fixture, then {@code more}; creates its topics. */
  BalanceRun(JobFixture fixture, Map<String, String> more) throws InterruptedException {
    this.fixture = fixture;
    this.more = more;
    this.cfg = BalanceJobConfig.from(fixture.config(BalanceJobConfig.JOB_NAME, more));
    fixture.createTopics(
        List.of(Topics.BETS, Topics.ROUNDS, Topics.PAYMENTS, Topics.BALANCES, Topics.DLQ));
    out = fixture.follow(Topics.BALANCES, Topics.DLQ);
  }

  /**
   * The bets source fetches at most 128 KB per partition every 1.5 s while the other topics read
   * freely: a replay at a very different speed per topic, whose results must not change.
   */
  BalanceRun withBurstyBets() {
    burstyBets = true;
    return this;
  }

  /** Sends {@code deliveries} to the job's inputs and waits for the broker's acknowledgement. */
  void produce(List<Delivery> deliveries) {
    for (Delivery d : deliveries) {
      byte[] wire = d.rawValue() != null ? d.rawValue() : fixture.encode(d.topic(), d.record());
      if (d.fault() == Delivery.Fault.UNKNOWN_SCHEMA_ID) {
        ByteBuffer.wrap(wire, 1, 4).putInt(Integer.MAX_VALUE - 7); // an id never issued
      }
      if (d.isBad()) {
        producedBytes.put(d, wire);
      }
      fixture.send(d.topic(), d.key(), wire);
    }
    fixture.flush();
  }

  /** The bytes sent for a bad delivery, as its dead letter must carry them. */
  byte[] producedBytes(Delivery bad) {
    return producedBytes.getOrDefault(bad, new byte[0]);
  }

  /** The environment {@code main} creates for this config. */
  StreamExecutionEnvironment environment() {
    return JobEnvironment.create(cfg);
  }

  /**
   * Starts the job's pipeline on {@code env} as {@code main} does (the starting-state check
   * included), with {@code fault} (or none) on the payments.
   */
  JobClient start(StreamExecutionEnvironment env, PaymentsFault fault) throws Exception {
    BalanceJob.Sources sources = BalanceJob.Sources.atStart(cfg, env.getConfiguration());
    if (burstyBets) {
      Map<String, String> slow = new HashMap<>(more);
      slow.put("kafka.properties.fetch.min.bytes", "100000000");
      slow.put("kafka.properties.fetch.max.wait.ms", "1500");
      slow.put("kafka.properties.max.partition.fetch.bytes", "131072");
      BalanceJobConfig slowCfg =
          BalanceJobConfig.from(fixture.config(BalanceJobConfig.JOB_NAME, slow));
      sources =
          new BalanceJob.Sources(
              BalanceJob.Sources.of(slowCfg).bets(), sources.rounds(), sources.payments());
    }
    BalanceJob.Inputs in = sources.read(env, cfg);
    if (fault != null) {
      DataStream<Either<DeadLetter, PaymentEvent>> payments = in.payments();
      in =
          new BalanceJob.Inputs(
              in.bets(),
              in.rounds(),
              fault.apply(payments).returns(payments.getType()).uid("it-fault"));
    }
    BalanceJob.sinkTo(BalanceJob.build(in, cfg), BalanceJob.Sinks.of(cfg));
    return fixture.start(env);
  }

  /**
   * Produces the first half of {@code traffic}, starts the job, waits for its first committed
   * output (a completed checkpoint), then produces the second half: a fault injected after a
   * checkpoint hits mid-stream.
   */
  JobClient startOnHalves(List<Delivery> traffic, PaymentsFault fault, Duration timeout)
      throws Exception {
    int half = traffic.size() / 2;
    produce(traffic.subList(0, half));
    JobClient job = start(environment(), fault);
    assertThat(out.pollUntil(() -> !out.of(Topics.BALANCES).isEmpty(), timeout))
        .as("a first checkpoint committed output")
        .isTrue();
    produce(traffic.subList(half, traffic.size()));
    return job;
  }

  /** Each player's last committed changelog record so far. */
  Map<String, BalanceUpdated> lastUpdates() {
    Map<String, BalanceUpdated> last = new HashMap<>();
    for (BalanceUpdated u : out.of(Topics.BALANCES)) {
      last.put(u.getUserId(), u);
    }
    return last;
  }

  /** The Redis key of {@code user}'s balance hash. */
  String redisKey(String user) {
    return cfg.common().redis().keyPrefix() + "balance:" + user;
  }
}
