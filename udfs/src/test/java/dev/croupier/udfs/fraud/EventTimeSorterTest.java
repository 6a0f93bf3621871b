package dev.croupier.udfs.fraud;

import static dev.croupier.udfs.fraud.Events.T0;
import static dev.croupier.udfs.fraud.Events.bet;
import static dev.croupier.udfs.fraud.Events.sec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventTimeSorterTest {

  @Test
  void shouldOrderByEventTimeAndReleaseARecordBehindTheWatermarkAtOnce() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, PlayerEvent, PlayerEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(EventTimeSorter.forEvents()), e -> e.userId, Types.STRING)) {
      h.open();
      PlayerEvent second = bet("p", T0 + sec(2), 100);
      PlayerEvent first = bet("p", T0 + sec(1), 100);
      h.processElement(second, second.occurredAt);
      h.processElement(first, first.occurredAt);
      assertThat(h.extractOutputValues()).as("nothing before the watermark passes").isEmpty();

      h.processWatermark(T0 + sec(2));
      assertThat(h.extractOutputValues()).containsExactly(first, second);

      // A live partition that was idle delivers an older bet while a later one is pending
      PlayerEvent pending = bet("p", T0 + sec(9), 100);
      PlayerEvent behind = bet("p", T0 + sec(1.5), 100);
      h.processElement(pending, pending.occurredAt);
      h.processElement(behind, behind.occurredAt);
      List<PlayerEvent> out = h.extractOutputValues();
      assertThat(out)
          .as("released at once, without waiting for the watermark to move again")
          .containsExactly(first, second, behind);

      h.processWatermark(T0 + sec(9));
      assertThat(h.extractOutputValues()).containsExactly(first, second, behind, pending);
    }
  }
}
