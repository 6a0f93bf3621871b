package dev.croupier.udfs.fraud.live;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes the accepted {@code risk.rules} records on, but none of their event time: it announces
 * itself idle from the start and swallows every watermark and status from upstream.
 *
 * <p>Why: every rule function and the cool-down connect the player timeline to this stream, and an
 * operator's event time is the least of its active inputs. A rules stream that carried the end of
 * time (its own watermark, or the end of a bounded read) would become that operator's event time as
 * soon as the timeline went idle (a quiet live topic, a partition read to its end), and every timer
 * would fire at once: windows cleared before their events arrived, alerts queued past the end of
 * time. Idle, the rules stream never holds event time back and never moves it: the timeline alone
 * decides. Its records are still processed as they arrive (idleness never stops records).
 */
public final class RulesWithoutEventTime<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T> {
  private static final long serialVersionUID = 1L;

  @Override
  public void open() throws Exception {
    super.open();
    output.emitWatermarkStatus(WatermarkStatus.IDLE);
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    output.collect(element);
  }

  @Override
  public void processWatermark(Watermark mark) {
    // no event time from the control stream (see the class comment)
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) {
    // stays idle whatever upstream announces
  }
}
