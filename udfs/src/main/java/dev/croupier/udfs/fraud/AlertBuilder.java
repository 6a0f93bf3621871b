package dev.croupier.udfs.fraud;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.udfs.fraud.config.RuleSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Builds a {@link FraudAlert}: evidence with its first and last event time, the thresholds crossed
 * as attributes, a score from how far past them the evidence went, and an alertId that depends only
 * on rule, player and evidence, so a replay reproduces it (and a new version of the rule that finds
 * the same case again gives it the same id); the alert carries the version that fired it.
 *
 * <p>Score: every threshold gives an excess ({@code measured / threshold - 1} for "at least",
 * {@code limit / measured - 1} for "less than"); the score is {@code 50 + 50 * min(1, smallest
 * excess)}, so 50 means "just at the thresholds" and 100 "twice as far as needed, or more".
 */
public final class AlertBuilder {
  private final RuleSettings rule;
  private final String userId;
  private final List<String> evidence = new ArrayList<>();
  private final TreeSet<String> related = new TreeSet<>();
  private final Map<String, String> attributes = new TreeMap<>();
  private long firstAt = Long.MAX_VALUE;
  private long lastAt = Long.MIN_VALUE;
  private Long detectedAt;
  private String summary = "";
  private double smallestExcess = Double.POSITIVE_INFINITY;

  private AlertBuilder(RuleSettings rule, String userId) {
    this.rule = rule;
    this.userId = userId;
  }

  public static AlertBuilder of(RuleSettings rule, String userId) {
    return new AlertBuilder(rule, userId);
  }

  public AlertBuilder evidence(String eventId, long at) {
    evidence.add(eventId);
    firstAt = Math.min(firstAt, at);
    lastAt = Math.max(lastAt, at);
    return this;
  }

  public AlertBuilder evidence(PlayerEvent e) {
    return evidence(e.eventId, e.occurredAt);
  }

  /** Every event of {@code events}, in their order. */
  public AlertBuilder evidence(Iterable<PlayerEvent> events) {
    for (PlayerEvent e : events) {
      evidence(e);
    }
    return this;
  }

  public AlertBuilder related(String otherUserId) {
    if (otherUserId != null && !otherUserId.equals(userId)) {
      related.add(otherUserId);
    }
    return this;
  }

  /** Event time at which the rule fired; defaults to the latest evidence. */
  public AlertBuilder detectedAt(long at) {
    detectedAt = at;
    return this;
  }

  public AlertBuilder summary(String text) {
    summary = text;
    return this;
  }

  public AlertBuilder attribute(String name, Object value) {
    attributes.put(name, String.valueOf(value));
    return this;
  }

  /** A threshold of the form {@code measured >= threshold} that the evidence met. */
  public AlertBuilder atLeast(String name, double measured, double threshold) {
    record(name, measured, ">= " + plain(threshold));
    excess(threshold <= 0 ? 1 : measured / threshold - 1);
    return this;
  }

  /** A threshold of the form {@code measured > threshold} that the evidence met. */
  public AlertBuilder above(String name, double measured, double threshold) {
    record(name, measured, "> " + plain(threshold));
    excess(threshold <= 0 ? 1 : measured / threshold - 1);
    return this;
  }

  /** A limit of the form {@code measured < limit} that the evidence stayed under. */
  public AlertBuilder below(String name, double measured, double limit) {
    record(name, measured, "< " + plain(limit));
    excess(measured <= 0 ? 1 : limit / measured - 1);
    return this;
  }

  public FraudAlert build() {
    if (evidence.isEmpty()) {
      throw new IllegalStateException("an alert needs evidence");
    }
    return FraudAlert.newBuilder()
        .setAlertId(alertId(rule.id().id(), userId, evidence))
        .setRuleId(rule.id().id())
        .setSeverity(rule.severity())
        .setScore(score(smallestExcess))
        .setUserId(userId)
        .setRelatedUserIds(new ArrayList<>(related))
        .setEvidenceEventIds(new ArrayList<>(evidence))
        .setFirstEventAt(Instant.ofEpochMilli(firstAt))
        .setLastEventAt(Instant.ofEpochMilli(lastAt))
        .setDetectedAt(Instant.ofEpochMilli(detectedAt == null ? lastAt : detectedAt))
        .setSummary(summary)
        .setAttributes(new TreeMap<>(attributes))
        .setRuleVersion(rule.version())
        .build();
  }

  /** UUID v3 of {@code ruleId|userId|sorted evidence ids}: the same case always has the same id. */
  public static String alertId(String ruleId, String userId, Collection<String> evidenceIds) {
    StringBuilder sb = new StringBuilder(ruleId).append('|').append(userId).append('|');
    String sep = "";
    for (String id : new TreeSet<>(evidenceIds)) {
      sb.append(sep).append(id);
      sep = ",";
    }
    return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  static int score(double smallestExcess) {
    double e = Double.isInfinite(smallestExcess) ? 0 : Math.max(0, Math.min(1, smallestExcess));
    return (int) Math.round(50 + 50 * e);
  }

  private void record(String name, double measured, String threshold) {
    attributes.put(name, plain(measured));
    attributes.put(name + ".threshold", threshold);
  }

  private void excess(double e) {
    smallestExcess = Math.min(smallestExcess, e);
  }

  private static String plain(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(java.util.Locale.ROOT, "%.2f", d);
  }
}
