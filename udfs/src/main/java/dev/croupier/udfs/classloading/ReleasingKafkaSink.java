package dev.croupier.udfs.classloading;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KafkaSink} whose writer, when it closes, also closes the Kafka admin client the
 * connector's exactly-once writer leaves open. With pooled transactional ids, connector 5.0.0-2.2
 * creates that client at start (to find the transactions a crashed run left open) and its {@code
 * close()} never closes it: its thread would outlive the task and keep the job's classes, and a
 * TaskManager that ran fifteen submissions died of {@code OutOfMemoryError: Metaspace}. Writes,
 * transactions, commits and state are the delegate's own, untouched.
 *
 * <p>The client is a private field of the connector's writer, read by reflection. If a connector
 * upgrade renames it, the sink logs a warning once and works as the connector's own; {@code
 * ReleasingKafkaSinkIT} then fails, so the leak cannot come back unseen.
 */
public final class ReleasingKafkaSink<IN>
    implements Sink<IN>,
        SupportsCommitter<KafkaCommittable>,
        SupportsWriterState<IN, KafkaWriterState>,
        SupportsPostCommitTopology<KafkaCommittable>,
        LineageVertexProvider {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReleasingKafkaSink.class);

  /** The connector writer's field that holds its admin client. */
  static final String ADMIN_FIELD = "adminClient";

  /** How long closing the admin client may wait for its in-flight calls. */
  static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final KafkaSink<IN> delegate;

  public ReleasingKafkaSink(KafkaSink<IN> delegate) {
    this.delegate = delegate;
  }

  /** The wrapped sink. */
  public KafkaSink<IN> delegate() {
    return delegate;
  }

  @Override
  public Writer<IN> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(delegate.createWriter(context));
  }

  @Override
  public Writer<IN> restoreWriter(
      WriterInitContext context, Collection<KafkaWriterState> recoveredState) throws IOException {
    return new Writer<>(delegate.restoreWriter(context, recoveredState));
  }

  @Override
  public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
    return delegate.getWriterStateSerializer();
  }

  @Override
  public Committer<KafkaCommittable> createCommitter(CommitterInitContext context)
      throws IOException {
    return delegate.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
    return delegate.getCommittableSerializer();
  }

  @Override
  public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
    delegate.addPostCommitTopology(committables);
  }

  @Override
  public LineageVertex getLineageVertex() {
    return delegate.getLineageVertex();
  }

  /** The delegate's writer; once it closed, its admin client (if it made one) is closed too. */
  public static final class Writer<IN>
      implements StatefulSinkWriter<IN, KafkaWriterState>,
          CommittingSinkWriter<IN, KafkaCommittable> {
    private final PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer;

    Writer(PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer) {
      this.writer = writer;
    }

    @Override
    public void write(IN element, Context context) throws IOException, InterruptedException {
      writer.write(element, context);
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
      writer.writeWatermark(watermark);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      writer.flush(endOfInput);
    }

    @Override
    public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
      return writer.prepareCommit();
    }

    @Override
    public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
      return writer.snapshotState(checkpointId);
    }

    @Override
    public void close() throws Exception {
      try {
        writer.close();
      } finally {
        closeAdminOf(writer);
      }
    }
  }

  /**
   * Closes the admin client held by {@code writer} (the connector's writer), if it made one.
   * Returns whether it closed one.
   */
  static boolean closeAdminOf(Object writer) {
    Field field = adminField(writer.getClass());
    if (field == null) {
      return false;
    }
    try {
      Object admin = field.get(writer);
      if (admin instanceof Admin a) {
        a.close(ADMIN_CLOSE_TIMEOUT);
        return true;
      }
      return false;
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.warn("Could not close the Kafka sink writer's admin client", e);
      return false;
    }
  }

  private static Field adminField(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(ADMIN_FIELD);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (RuntimeException e) {
        break;
      }
    }
    // Only the exactly-once writer has the field; the at-least-once writer has nothing to close.
    if (type.getSimpleName().startsWith("ExactlyOnce") && WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "The Kafka connector's {} has no field '{}': its admin client, if any, is left open"
              + " (ReleasingKafkaSink was written for flink-connector-kafka 5.0.0-2.2)",
          type.getName(),
          ADMIN_FIELD);
    }
    return null;
  }
}
