package dev.croupier.udfs.fraud.signals;

import dev.croupier.udfs.fraud.PlayerSignal;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;

/**
 * A CEP condition: the signal is of one of the given kinds and stands in a relation to the signal
 * an earlier step of the same partial match took (e.g. "within 15 min of the first failure").
 */
public final class AfterStep extends IterativeCondition<PlayerSignal> {
  private static final long serialVersionUID = 1L;

  /** How a candidate must relate to the earlier step's signal. */
  @FunctionalInterface
  public interface Relation extends Serializable {
    boolean holds(PlayerSignal earlier, PlayerSignal candidate);
  }

  private final String step;
  private final Relation relation;
  private final Set<PlayerSignal.Kind> kinds;

  private AfterStep(String step, Relation relation, Set<PlayerSignal.Kind> kinds) {
    this.step = step;
    this.relation = relation;
    this.kinds = kinds;
  }

  public static AfterStep of(String step, Relation relation, PlayerSignal.Kind kind, PlayerSignal.Kind... more) {
    return new AfterStep(step, relation, EnumSet.of(kind, more));
  }

  @Override
  public boolean filter(PlayerSignal candidate, Context<PlayerSignal> ctx) throws Exception {
    if (!kinds.contains(candidate.kind)) {
      return false;
    }
    for (PlayerSignal earlier : ctx.getEventsForPattern(step)) {
      return relation.holds(earlier, candidate); // each step of these patterns takes one signal
    }
    return false;
  }
}
