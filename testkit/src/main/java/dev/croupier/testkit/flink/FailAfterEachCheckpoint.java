package dev.croupier.testkit.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Fault injector for restart-policy tests: passes records through, and in each of the job's first
 * {@code failures} attempts fails once a checkpoint of that attempt has completed (subtask 0 only,
 * so one failure per attempt). With {@code failures} larger than any attempt count, every attempt
 * fails after its first checkpoint: a crash loop. Needs a restart strategy that allows it.
 */
public final class FailAfterEachCheckpoint<T> extends RichMapFunction<T, T>
    implements CheckpointListener {
  private static final long serialVersionUID = 1L;

  private final int failures;
  private transient boolean armed;

  public FailAfterEachCheckpoint(int failures) {
    this.failures = failures;
  }

  @Override
  public void open(OpenContext openContext) {
    armed =
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
            && getRuntimeContext().getTaskInfo().getAttemptNumber() < failures;
  }

  @Override
  public T map(T value) {
    return value;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    if (armed) {
      armed = false;
      throw new FailOnceAfterCheckpoint.InjectedFailure(
          "Injected failure "
              + (getRuntimeContext().getTaskInfo().getAttemptNumber() + 1)
              + " of "
              + failures
              + " after checkpoint "
              + checkpointId);
    }
  }
}
