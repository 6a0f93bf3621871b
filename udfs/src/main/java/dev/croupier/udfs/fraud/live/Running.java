package dev.croupier.udfs.fraud.live;

import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.udfs.fraud.rules.FraudRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The versions of one rule that run, from one definition: the primary (unless it is OFF), then the
 * shadow, if any. State a rule keeps for them must cover the most any of them needs ({@link
 * #most}).
 *
 * @param shadow null when the definition has none
 */
public record Running<S extends FraudRule.Settings>(RuleConfig config, S primary, S shadow)
    implements Serializable {

  /** The versions that evaluate events, primary first; empty when the rule is off. */
  public List<S> versions() {
    List<S> out = new ArrayList<>(2);
    if (primary.rule().enabled()) {
      out.add(primary);
    }
    if (shadow != null) {
      out.add(shadow);
    }
    return Collections.unmodifiableList(out);
  }

  /** The most {@code need} asks of any running version (0 when none runs). */
  public long most(ToLongFunction<S> need) {
    long most = 0;
    for (S s : versions()) {
      most = Math.max(most, need.applyAsLong(s));
    }
    return most;
  }

  /** The settings of {@code version}, or the primary's for a version no longer running. */
  public S version(long version) {
    if (shadow != null && shadow.rule().version() == version) {
      return shadow;
    }
    return primary;
  }

  @Override
  public String toString() {
    return "v"
        + primary.rule().version()
        + " "
        + primary.rule().mode()
        + (shadow == null ? "" : ", shadow v" + shadow.rule().version());
  }
}
