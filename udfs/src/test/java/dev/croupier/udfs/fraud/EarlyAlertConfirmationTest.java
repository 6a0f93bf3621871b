package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.config.RuleSettings;
import dev.croupier.udfs.fraud.rules.BetVelocity;
import dev.croupier.udfs.fraud.rules.FraudRules;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EarlyAlertConfirmationTest {
  private static final RuleSettings VELOCITY =
      FraudRules.defaults().settings(BetVelocity.RULE).rule();

  private static final Duration DELAY = Duration.ofSeconds(2);

  private KeyedTwoInputStreamOperatorTestHarness<
          String, FraudAlert, FraudAlert, Either<FraudAlert, FraudAlert>>
      h;

  private static FraudAlert alert(String user, String evidence, long at) {
    return AlertBuilder.of(VELOCITY, user).evidence(evidence, at).summary("test").build();
  }

  @BeforeEach
  void open() throws Exception {
    h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new EarlyAlertConfirmation(DELAY)),
            FraudAlert::getAlertId,
            FraudAlert::getAlertId,
            Types.STRING);
    // Either's type cannot be read off a value: give the output serializer
    h.setup(EarlyAlertConfirmation.type().createSerializer(new SerializerConfigImpl()));
    h.open();
    h.setProcessingTime(1_000);
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  private void early(FraudAlert a) throws Exception {
    h.processElement1(a, a.getDetectedAt().toEpochMilli());
  }

  private void confirmed(FraudAlert a) throws Exception {
    h.processElement2(a, a.getDetectedAt().toEpochMilli());
  }

  @Test
  void shouldShowAnEarlyAlertAtOnceAndKeepItWhenTheWatermarkTrackConfirmsIt() throws Exception {
    FraudAlert a = alert("u1", "e1", Events.sec(10));

    // When the early track alerts, then the watermark track gives the same alert, then the
    // watermark passes it
    early(a);
    assertThat(h.extractOutputValues()).containsExactly(Either.Right(a));
    confirmed(AlertBuilder.of(VELOCITY, "u1").evidence("e1", Events.sec(10)).summary("x").build());
    h.processBothWatermarks(new Watermark(Events.sec(20)));

    // Then it was shown once, never retracted, and nothing is left in state
    assertThat(h.extractOutputValues()).containsExactly(Either.Right(a));
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldRetractAnEarlyAlertTheWatermarkTrackDoesNotConfirm() throws Exception {
    FraudAlert a = alert("u1", "e1", Events.sec(10));

    // When the early track alerts (say on an order an out-of-order event later changed) and the
    // watermark passes its detection time without the same alert from the watermark track
    early(a);
    h.processBothWatermarks(new Watermark(Events.sec(9)));
    assertThat(h.extractOutputValues()).containsExactly(Either.Right(a));
    h.processBothWatermarks(new Watermark(Events.sec(10)));
    h.setProcessingTime(1_000 + DELAY.toMillis() - 1);
    assertThat(h.extractOutputValues()).as("within the delay").containsExactly(Either.Right(a));
    h.setProcessingTime(1_000 + DELAY.toMillis());

    // Then it is retracted, once, the delay after the watermark passed it
    assertThat(h.extractOutputValues()).containsExactly(Either.Right(a), Either.Left(a));
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldKeepAnEarlyAlertWhoseConfirmationArrivesJustBehindTheWatermark() throws Exception {
    FraudAlert a = alert("u1", "e1", Events.sec(10));

    // When the watermark passes an early alert's detection time before its confirmation arrives
    // (the confirmation's channel had been idle and woke up behind the others)
    early(a);
    h.processBothWatermarks(new Watermark(Events.sec(20)));
    h.setProcessingTime(1_000 + DELAY.toMillis() / 2);
    confirmed(alert("u1", "e1", Events.sec(10)));
    h.setProcessingTime(1_000 + DELAY.toMillis() * 2);

    // Then it was shown once and never retracted, and nothing is left in state
    assertThat(h.extractOutputValues()).containsExactly(Either.Right(a));
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldShowAnAlertOnlyTheWatermarkTrackFoundSoTheEarlyFeedMissesNone() throws Exception {
    FraudAlert a = alert("u1", "e1", Events.sec(10));

    // When only the watermark track alerts (the early track skipped a stale or reordered event)
    confirmed(a);
    h.processBothWatermarks(new Watermark(Events.sec(30)));

    // Then it is shown, and never retracted
    assertThat(h.extractOutputValues()).containsExactly(Either.Right(a));
  }

  @Test
  void shouldIgnoreAnEarlyAlertTheWatermarkHasAlreadyPassed() throws Exception {
    FraudAlert confirmedFirst = alert("u1", "e1", Events.sec(10));
    FraudAlert tooLate = alert("u2", "e2", Events.sec(10));

    // When the watermark track's alert came first (the early track was slow) and the early copy
    // follows, and an early alert arrives behind the watermark (the watermark track has decided)
    confirmed(confirmedFirst);
    early(confirmedFirst);
    h.processBothWatermarks(new Watermark(Events.sec(15)));
    early(tooLate);
    h.processBothWatermarks(new Watermark(Events.sec(30)));

    // Then the first is shown once and the late one never
    assertThat(h.extractOutputValues()).containsExactly(Either.Right(confirmedFirst));
    assertThat(h.numKeyedStateEntries()).isZero();
  }
}
