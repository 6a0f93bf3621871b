package dev.croupier.udfs.fraud.signals;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.PlayerSignal;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/** Base of the functions that turn a CEP match of signals (one per step) into a {@link FraudAlert}. */
public abstract class SignalMatches extends PatternProcessFunction<PlayerSignal, FraudAlert> {
  private static final long serialVersionUID = 1L;

  /** The alert for a complete match; {@link #step} reads its signals. */
  protected abstract FraudAlert alert(Map<String, List<PlayerSignal>> match);

  @Override
  public final void processMatch(Map<String, List<PlayerSignal>> match, Context ctx, Collector<FraudAlert> out) {
    out.collect(alert(match));
  }

  /** The signal that step {@code name} took. */
  protected static PlayerSignal step(Map<String, List<PlayerSignal>> match, String name) {
    return match.get(name).get(0);
  }
}
