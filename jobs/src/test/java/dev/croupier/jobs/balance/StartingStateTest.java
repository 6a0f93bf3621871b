package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;

/** When a start counts as given state (the rest, with Kafka, is BalanceStartingStateIT's part). */
class StartingStateTest {

  @Test
  void shouldCountASavepointOrAFixedJobIdAsState() {
    assertThat(StartingState.restoresState(new Configuration())).isFalse();

    Configuration blank = new Configuration();
    blank.set(StateRecoveryOptions.SAVEPOINT_PATH, " ");
    assertThat(StartingState.restoresState(blank)).isFalse();

    Configuration savepoint = new Configuration();
    savepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, "s3://bucket/savepoints/savepoint-1");
    assertThat(StartingState.restoresState(savepoint)).isTrue();

    Configuration application = new Configuration();
    application.set(
        PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, "0123456789abcdef0123456789abcdef");
    assertThat(StartingState.restoresState(application)).isTrue();
  }
}
