package dev.croupier.udfs.fraud.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RulesWithoutEventTimeTest {

  @Test
  void shouldPassRecordsOnIdleAndNeverCarryEventTimeNorTheEndOfIt() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> h =
        new OneInputStreamOperatorTestHarness<>(new RulesWithoutEventTime<>())) {
      h.open();
      h.processElement(new StreamRecord<>("bet-velocity v2", 1_000L));
      h.processWatermark(new Watermark(5_000L));
      h.processWatermarkStatus(WatermarkStatus.ACTIVE);
      h.processElement(new StreamRecord<>("bet-velocity v3", 2_000L));
      h.processWatermark(Watermark.MAX_WATERMARK); // a bounded read's end

      List<Object> out = new ArrayList<>(h.getOutput());
      assertThat(out)
          .containsExactly(
              WatermarkStatus.IDLE,
              new StreamRecord<>("bet-velocity v2", 1_000L),
              new StreamRecord<>("bet-velocity v3", 2_000L));
    }
  }
}
