package dev.croupier.udfs.classloading;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source as {@code delegate}, whose split enumerator, when it closes on the JobManager (the job
 * ends, fails over or is cancelled), also forgets the thread-locals of the job's classes there
 * ({@link ThreadLocalRelease}): without it, each submission of the job jar to a session cluster
 * would keep all its classes in the JobManager's metaspace. Readers, splits and checkpoints are the
 * delegate's own, untouched.
 *
 * <p>It also loads, when the enumerator is made, the classes the delegate's clients first need only
 * while they close ({@code preload}). The JobManager can release the job's class loader while a
 * client's own thread is still closing: Kafka's admin client then failed on every job end with
 * {@code NoClassDefFoundError: org/apache/kafka/common/network/Selector$CloseMode}, and left its
 * connections for the broker to drop.
 */
public final class ReleasingSource<T, S extends SourceSplit, E>
    implements Source<T, S, E>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReleasingSource.class);

  private final Source<T, S, E> delegate;
  private final List<String> preload;

  /**
   * {@code delegate} must say its produced type ({@link ResultTypeQueryable}); {@code preload}
   * names classes (binary names) to load with the job's classes when the enumerator is made.
   */
  public <D extends Source<T, S, E> & ResultTypeQueryable<T>> ReleasingSource(
      D delegate, String... preload) {
    this.delegate = delegate;
    this.preload = List.of(preload);
  }

  /** The wrapped source. */
  public Source<T, S, E> delegate() {
    return delegate;
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeInformation<T> getProducedType() {
    return ((ResultTypeQueryable<T>) delegate).getProducedType();
  }

  @Override
  public Boundedness getBoundedness() {
    return delegate.getBoundedness();
  }

  @Override
  public SourceReader<T, S> createReader(SourceReaderContext readerContext) throws Exception {
    return delegate.createReader(readerContext);
  }

  @Override
  public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> enumContext)
      throws Exception {
    preload();
    return new Releasing<>(delegate.createEnumerator(enumContext));
  }

  @Override
  public SplitEnumerator<S, E> restoreEnumerator(
      SplitEnumeratorContext<S> enumContext, E checkpoint) throws Exception {
    preload();
    return new Releasing<>(delegate.restoreEnumerator(enumContext, checkpoint));
  }

  /** Loads and initialises each of {@link #preload} with the loader of the job's classes. */
  void preload() {
    ClassLoader jobClasses = ReleasingSource.class.getClassLoader();
    for (String name : preload) {
      try {
        Class.forName(name, true, jobClasses);
      } catch (ClassNotFoundException | LinkageError e) {
        LOG.warn("Could not load {} ahead of the source's close: {}", name, e.toString());
      }
    }
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return delegate.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
    return delegate.getEnumeratorCheckpointSerializer();
  }

  /** The delegate's enumerator; after it closed, the job's thread-locals are forgotten. */
  static final class Releasing<S extends SourceSplit, E> implements SplitEnumerator<S, E> {
    private final SplitEnumerator<S, E> enumerator;

    Releasing(SplitEnumerator<S, E> enumerator) {
      this.enumerator = enumerator;
    }

    @Override
    public void start() {
      enumerator.start();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
      enumerator.handleSplitRequest(subtaskId, requesterHostname);
    }

    @Override
    public void addSplitsBack(List<S> splits, int subtaskId) {
      enumerator.addSplitsBack(splits, subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
      enumerator.addReader(subtaskId);
    }

    @Override
    public E snapshotState(long checkpointId) throws Exception {
      return enumerator.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      enumerator.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
      enumerator.handleSourceEvent(subtaskId, sourceEvent);
    }

    @Override
    public void close() throws java.io.IOException {
      try {
        enumerator.close();
      } finally {
        int cleared = ThreadLocalRelease.forgetJobClasses();
        LOG.debug("Cleared {} thread-locals of the job's classes", cleared);
      }
    }
  }
}
