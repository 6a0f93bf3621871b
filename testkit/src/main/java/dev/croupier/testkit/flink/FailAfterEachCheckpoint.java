package dev.croupier.testkit.flink;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Fault injector for restart-policy tests: passes records through, and in each of the job's first
 * {@code failures} attempts fails once a checkpoint has completed at least {@code calm} after the
 * attempt started (subtask 0 only, so one failure per attempt). With {@code failures} larger than
 * any attempt count and no calm, every attempt fails right after its first checkpoint: a crash
 * loop. Needs a restart strategy that allows it.
 */
public final class FailAfterEachCheckpoint<T> extends RichMapFunction<T, T>
    implements CheckpointListener {
  private static final long serialVersionUID = 1L;

  private final int failures;
  private final long calmMillis;
  private transient boolean armed;
  private transient long openedAt;

  public FailAfterEachCheckpoint(int failures) {
    this(failures, Duration.ZERO);
  }

  public FailAfterEachCheckpoint(int failures, Duration calm) {
    this.failures = failures;
    this.calmMillis = calm.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    openedAt = System.currentTimeMillis();
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
    if (armed && System.currentTimeMillis() - openedAt >= calmMillis) {
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
