package dev.croupier.schemas.fraud;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A fraud rule's identity: the id alerts carry ({@code FraudAlert.ruleId}), the rules file, metrics
 * and operator uids use, e.g. {@code rapid-cashout}. Lower-case words joined by {@code -}. The
 * rules that exist are the blocks of the rules file ({@link RuleBook}); each rule's class declares
 * its id once.
 */
public record RuleId(String id) implements Serializable, Comparable<RuleId> {
  private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  public RuleId {
    if (id == null || !FORM.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a rule id is lower-case words joined by '-', e.g. rapid-cashout, not '" + id + "'");
    }
  }

  public static RuleId of(String id) {
    return new RuleId(id);
  }

  @Override
  public int compareTo(RuleId other) {
    return id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
