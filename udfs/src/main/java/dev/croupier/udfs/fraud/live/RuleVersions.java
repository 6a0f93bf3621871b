package dev.croupier.udfs.fraud.live;

import dev.croupier.schemas.avro.RuleConfig;
import dev.croupier.schemas.fraud.RuleConfigs;
import dev.croupier.schemas.fraud.RuleId;
import dev.croupier.schemas.fraud.Thresholds;
import dev.croupier.udfs.fraud.rules.FraudRule;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule's definitions as a job knows them: the rules file's ({@link #fromFile}), parsed at
 * start-up, and how to parse one from {@code risk.rules}. {@link #running} says which versions run
 * given the topic's latest accepted record: the one naming the higher version ({@link
 * RuleConfigs#live}). Every operator of the rule and the cool-down resolve it the same way.
 */
public final class RuleVersions<S extends FraudRule.Settings> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RuleVersions.class);

  private final RuleId id;
  private final SerializableFunction<Thresholds, S> parser;
  private final RuleConfig fromFile;
  private final Running<S> fileVersions;

  private RuleVersions(
      RuleId id, SerializableFunction<Thresholds, S> parser, RuleConfig fromFile, String source) {
    this.id = id;
    this.parser = parser;
    this.fromFile = fromFile;
    this.fileVersions = parse(fromFile, source);
  }

  /**
   * {@code rule} as the rules file {@code source} defines it; throws {@link
   * dev.croupier.schemas.fraud.InvalidRulesException} naming source, rule and key.
   */
  public static <S extends FraudRule.Settings> RuleVersions<S> of(
      FraudRule<S> rule, RuleConfig fromFile, String source) {
    return new RuleVersions<>(rule.id(), rule.settings(), fromFile, source);
  }

  public RuleId id() {
    return id;
  }

  /** The rules file's definition. */
  public RuleConfig fromFile() {
    return fromFile;
  }

  /** The rules file's versions, parsed. */
  public Running<S> fileVersions() {
    return fileVersions;
  }

  /**
   * Parses both definitions of {@code config} (the primary and a shadow) with the rule's own
   * parser, refusing unknown keys; throws {@link dev.croupier.schemas.fraud.InvalidRulesException}
   * naming {@code source}, the rule and the key.
   */
  public Running<S> parse(RuleConfig config, String source) {
    S primary = parse(RuleConfigs.primaryValues(config), source);
    Optional<Map<String, String>> shadow = RuleConfigs.shadowValues(config);
    return new Running<>(
        config, primary, shadow.isPresent() ? parse(shadow.get(), source + " (shadow)") : null);
  }

  private S parse(Map<String, String> values, String source) {
    Thresholds t = new Thresholds(source, id, values);
    S settings = parser.apply(t);
    t.rejectUnknownKeys();
    return settings;
  }

  /**
   * What runs given {@code fromTopic}, the latest record the job accepted for this rule (null when
   * none): the file's or the topic's definition, whichever names the higher version.
   */
  public Running<S> running(RuleConfig fromTopic) {
    RuleConfig live = RuleConfigs.live(fromFile, fromTopic);
    if (live == fromFile) {
      return fileVersions;
    }
    try {
      return parse(live, "'risk.rules' version " + live.getVersion());
    } catch (IllegalArgumentException e) {
      // Accepted records were parsed once already; one that no longer parses (a rule class
      // changed its keys across an upgrade) leaves the file's definition in force.
      LOG.warn("Rule {}: the accepted record no longer parses, the file's runs: {}", id, e);
      return fileVersions;
    }
  }

  /** Equal when the file's versions parse to equal settings (however the file spelled them). */
  @Override
  public boolean equals(Object o) {
    return o instanceof RuleVersions<?> v
        && id.equals(v.id)
        && fileVersions.primary().equals(v.fileVersions.primary())
        && Objects.equals(fileVersions.shadow(), v.fileVersions.shadow());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, fileVersions.primary());
  }

  @Override
  public String toString() {
    return id + " " + fileVersions;
  }
}
