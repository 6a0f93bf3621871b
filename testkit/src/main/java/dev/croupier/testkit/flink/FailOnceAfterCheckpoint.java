package dev.croupier.testkit.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Fault injector for exactly-once tests: passes records through, and in the job's first attempt
 * only, throws once a checkpoint has completed and this subtask has seen at least {@code
 * recordsBeforeFailure} records. The job then restores from that checkpoint and replays, which is
 * what a TaskManager crash looks like to the pipeline. Needs a restart strategy that allows it.
 */
public final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T>
    implements CheckpointListener {
  private static final long serialVersionUID = 1L;

  private final long recordsBeforeFailure;
  private transient boolean armed;
  private transient boolean checkpointCompleted;
  private transient long seen;

  public FailOnceAfterCheckpoint(long recordsBeforeFailure) {
    this.recordsBeforeFailure = recordsBeforeFailure;
  }

  @Override
  public void open(OpenContext openContext) {
    // Only the first attempt fails; after the restore the job runs to the end.
    armed = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
  }

  @Override
  public T map(T value) {
    seen++;
    if (armed && checkpointCompleted && seen >= recordsBeforeFailure) {
      armed = false;
      throw new InjectedFailure(
          "Injected failure after a completed checkpoint and " + seen + " records");
    }
    return value;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointCompleted = true;
  }

  /** The exception thrown, so tests can tell it from a real failure. */
  public static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }
}
