package dev.croupier.udfs.dlq;

import dev.croupier.schemas.avro.DeadLetter;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * The one side output that every Croupier function sends dead letters to, so a job unions them into
 * a single DLQ sink whatever produced them. Typed as Avro so Flink never falls back to Kryo.
 */
public final class DeadLetterOutput {

  public static final OutputTag<DeadLetter> TAG =
      new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private DeadLetterOutput() {}
}
