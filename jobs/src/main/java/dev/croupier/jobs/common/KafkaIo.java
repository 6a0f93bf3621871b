package dev.croupier.jobs.common;

import dev.croupier.schemas.avro.DeadLetter;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.schemas.topics.Topics;
import dev.croupier.schemas.wire.SchemaRegistration;
import dev.croupier.udfs.classloading.ReleasingKafkaSink;
import dev.croupier.udfs.classloading.ReleasingSource;
import dev.croupier.udfs.config.CommonJobConfig;
import dev.croupier.udfs.config.KafkaSettings;
import dev.croupier.udfs.kafka.EventTimeBounds;
import dev.croupier.udfs.kafka.PartitionLag;
import dev.croupier.udfs.kafka.RegistryClientFactory;
import dev.croupier.udfs.kafka.WireDeserializationSchema;
import dev.croupier.udfs.kafka.WireSerializationSchema;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka sources and sinks as every Croupier job uses them: values in the Confluent wire format
 * through the registry, bad records as {@code Either.Left(DeadLetter)}, offsets committed on
 * checkpoints, and outputs written exactly-once with transactions (readers use read_committed).
 * Security settings come from {@code kafka.properties.*}.
 */
public final class KafkaIo {
  private KafkaIo() {}

  /** Where a job's sources start and stop reading. */
  public record Reading(OffsetsInitializer start, OffsetsInitializer stop) {
    /**
     * From the group's committed offsets (else {@code kafka.starting-offsets}), never stopping: how
     * jobs run.
     */
    public static final Reading CONTINUOUS = new Reading(null, null);

    /** As {@link #CONTINUOUS}, stopping at {@code stop}: a backfill, or a test that must end. */
    public static Reading until(OffsetsInitializer stop) {
      return new Reading(null, stop);
    }

    /** The same, starting at {@code start} whatever the group committed. */
    public Reading from(OffsetsInitializer start) {
      return new Reading(start, stop);
    }
  }

  /**
   * The continuous source of {@code topic} under its configured name; Left values are dead letters.
   */
  public static <T extends SpecificRecordBase>
      ReleasingSource<Either<DeadLetter, T>, KafkaPartitionSplit, KafkaSourceEnumState> source(
          CommonJobConfig c, Topic<T> topic) {
    return source(c, topic, Reading.CONTINUOUS);
  }

  /** The source of {@code topic} under its configured name, reading as {@code reading} says. */
  public static <T extends SpecificRecordBase>
      ReleasingSource<Either<DeadLetter, T>, KafkaPartitionSplit, KafkaSourceEnumState> source(
          CommonJobConfig c, Topic<T> topic, Reading reading) {
    return source(c, topic, reading, null);
  }

  /**
   * The source of {@code topic} under its configured name, reading as {@code reading} says, with
   * the event-time checks of {@code bounds} at decoding (null: none). Its consumers report their
   * lag per partition ({@link PartitionLag}), which the watermarks read.
   */
  public static <T extends SpecificRecordBase>
      ReleasingSource<Either<DeadLetter, T>, KafkaPartitionSplit, KafkaSourceEnumState> source(
          CommonJobConfig c, Topic<T> topic, Reading reading, EventTimeBounds bounds) {
    Topic<T> resolved = c.topics().resolve(topic);
    KafkaSettings k = c.kafka();
    Properties props = k.clientProperties();
    props.setProperty("isolation.level", "read_committed");
    props.setProperty(
        PartitionLag.METRIC_REPORTERS,
        PartitionLag.withReporter(props.getProperty(PartitionLag.METRIC_REPORTERS)));
    KafkaSourceBuilder<Either<DeadLetter, T>> b =
        KafkaSource.<Either<DeadLetter, T>>builder()
            .setBootstrapServers(k.bootstrapServers())
            .setTopics(resolved.name())
            .setGroupId(k.groupId())
            .setClientIdPrefix(clientIdPrefix(c, resolved))
            .setStartingOffsets(
                reading.start() != null
                    ? reading.start()
                    : OffsetsInitializer.committedOffsets(
                        k.startingOffsets() == KafkaSettings.StartingOffsets.LATEST
                            ? OffsetResetStrategy.LATEST
                            : OffsetResetStrategy.EARLIEST))
            .setDeserializer(
                new WireDeserializationSchema<>(
                    resolved, c.registry(), c.jobName(), RegistryClientFactory.rest(), bounds))
            .setProperties(props)
            // Offsets are committed on checkpoints, so the group's lag is visible in Kafka tooling.
            .setProperty("commit.offsets.on.checkpoint", "true");
    if (reading.stop() != null) {
      b.setBounded(reading.stop());
    }
    // On a session cluster, the JobManager would otherwise keep every submission's classes. The
    // enumerator's admin client first needs Selector$CloseMode while it closes, when the job's
    // class loader may already be released: load it up front.
    return new ReleasingSource<>(b.build(), "org.apache.kafka.common.network.Selector$CloseMode");
  }

  /**
   * The client id prefix of the consumers of {@code resolved} (a topic under its configured name):
   * the Flink Kafka source appends {@code -<subtask index>}.
   */
  static String clientIdPrefix(CommonJobConfig c, Topic<?> resolved) {
    return c.jobName() + "-" + resolved.name();
  }

  /**
   * An exactly-once sink for {@code topic} under its configured name. {@code transactionalIdPrefix}
   * must be unique per sink across all jobs writing to the same cluster.
   *
   * <p>Transactional ids are pooled: each subtask reuses a few ids ({@code <prefix>-<subtask>-<n>}
   * with a small n) instead of taking a new one per checkpoint. The broker remembers every id for
   * {@code transactional.id.expiration.ms} (7 days by default); one id per checkpoint and subtask
   * would pile up about 100,000 ids a day for the three jobs at 10 s checkpoints. On start, the
   * sink aborts the transactions a crashed run left open on its topic, found by listing the topic's
   * producers and their open transactions: the jobs' Kafka principal needs Describe on the topic
   * and on the transactional ids (docs/operations.md).
   */
  public static <T extends SpecificRecordBase> ReleasingKafkaSink<T> exactlyOnceSink(
      CommonJobConfig c, Topic<T> topic, String transactionalIdPrefix) {
    return exactlyOnceSink(c, topic, transactionalIdPrefix, TransactionNamingStrategy.POOLING);
  }

  /**
   * As {@link #exactlyOnceSink(CommonJobConfig, Topic, String)} with another naming of the
   * transactional ids: Flink's default (one id per checkpoint) is how savepoints of earlier builds
   * were written, which tests of the upgrade need.
   */
  static <T extends SpecificRecordBase> ReleasingKafkaSink<T> exactlyOnceSink(
      CommonJobConfig c,
      Topic<T> topic,
      String transactionalIdPrefix,
      TransactionNamingStrategy naming) {
    Topic<T> resolved = c.topics().resolve(topic);
    KafkaSettings k = c.kafka();
    Properties props = k.clientProperties();
    props.setProperty("transaction.timeout.ms", String.valueOf(k.transactionTimeout().toMillis()));
    props.setProperty("enable.idempotence", "true");
    props.setProperty("acks", "all");
    props.putIfAbsent("linger.ms", "5");
    props.putIfAbsent("compression.type", "lz4");
    // The wrapper closes the admin client that pooling makes and the connector leaves open.
    return new ReleasingKafkaSink<>(
        KafkaSink.<T>builder()
            .setBootstrapServers(k.bootstrapServers())
            .setKafkaProducerConfig(props)
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(transactionalIdPrefix)
            .setTransactionNamingStrategy(naming)
            .setRecordSerializer(
                new WireSerializationSchema<>(resolved, c.registry(), SchemaRegistration.REGISTER))
            .build());
  }

  /**
   * The exactly-once sink of a job's dead letters to {@code platform.dlq} (or its configured name).
   */
  public static ReleasingKafkaSink<DeadLetter> deadLetterSink(
      CommonJobConfig c, String transactionalIdPrefix) {
    return exactlyOnceSink(c, Topics.DLQ, transactionalIdPrefix);
  }
}
