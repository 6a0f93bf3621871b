package dev.croupier.platform;

import dev.croupier.schemas.avro.FraudAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders the console: a full-screen frame redrawn every second with plain ANSI escapes, or one
 * status line (for CI and logs). Pure text from two {@link PlatformStatus}es a moment apart.
 */
final class LiveView {
  static final String CLEAR = "\033[H\033[2J";
  private static final String BOLD = "\033[1m";
  private static final String DIM = "\033[2m";
  private static final String RESET = "\033[0m";
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final String addresses;

  LiveView(PlatformRun run) {
    this.addresses =
        String.format(
            "Kafka %s   Registry %s%nRedis %s:%d   Flink web UI %s",
            run.kafkaBootstrap(), run.registryUrl(), run.redisHost(), run.redisPort(), run.webUi());
  }

  /** The whole screen. */
  String frame(PlatformStatus now, PlatformStatus before, Duration elapsed) {
    StringBuilder b = new StringBuilder(CLEAR);
    b.append(BOLD)
        .append("Croupier — local platform")
        .append(RESET)
        .append(DIM)
        .append("   (Ctrl-C to stop)")
        .append(RESET)
        .append('\n');
    b.append(addresses).append("\n\n");
    var sim = now.simulation();
    b.append(
        String.format(
            Locale.ROOT,
            "Wall %s   event time %s UTC   scenarios injected %,d%n",
            RunSummary.human(elapsed),
            sim.lastEventAt() > 0 ? CLOCK.format(Instant.ofEpochMilli(sim.lastEventAt())) : "-",
            sim.scenarios()));
    b.append(
        String.format(
            Locale.ROOT,
            "Events in  %,8.0f/s   sent %,d   processed %,d%n",
            now.eventsPerSecond(before),
            sim.events(),
            now.processed()));
    b.append(
        String.format(
            Locale.ROOT,
            "Alerts out %,8.1f/s   total %,d   dead letters %,d%n",
            now.alertsPerSecond(before),
            now.outputs().alerts().size(),
            now.outputs().deadLetters()));
    StringBuilder lag = new StringBuilder();
    now.jobs().forEach((j, r) -> lag.append(String.format(Locale.ROOT, "%s %,d  ", j, r.lag())));
    b.append("Lag        ").append(lag.toString().trim()).append("\n\n");

    b.append(BOLD)
        .append("Top 5 net_win, this hour")
        .append(RESET)
        .append(DIM)
        .append("  ")
        .append(now.boardKey())
        .append(RESET)
        .append('\n');
    if (now.board().isEmpty()) {
      b.append("  (no settled bets yet)\n");
    }
    now.board()
        .forEach(
            r ->
                b.append(
                    String.format(
                        Locale.ROOT, "  %d. %-12s %,14.2f%n", r.rank(), r.userId(), r.amount())));

    b.append('\n').append(BOLD).append("Alerts per rule").append(RESET).append('\n');
    java.util.List<String> cells = new java.util.ArrayList<>();
    now.outputs()
        .alertsPerRule()
        .forEach((rule, n) -> cells.add(String.format(Locale.ROOT, "  %-18s %,5d", rule, n)));
    b.append(cells.isEmpty() ? "  (none yet)" : rows(cells, 3)).append('\n');

    b.append('\n').append(BOLD).append("Latest alerts").append(RESET).append('\n');
    if (now.outputs().latest().isEmpty()) {
      b.append("  (none yet)\n");
    }
    for (FraudAlert a : now.outputs().latest()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %s %-8s %-17s %-8s %s%n",
              CLOCK.format(a.getDetectedAt()).substring(11),
              a.getSeverity(),
              a.getRuleId(),
              a.getUserId(),
              abbreviate(a.getSummary(), 70)));
    }
    b.append('\n')
        .append(BOLD)
        .append("Dead letters")
        .append(RESET)
        .append("  ")
        .append(
            now.outputs().deadLettersPerReason().isEmpty()
                ? "none"
                : RunSummary.perJob(now.outputs().deadLettersPerReason()))
        .append('\n');
    return b.toString();
  }

  /** One line for --no-console. */
  static String line(PlatformStatus now, PlatformStatus before, Duration elapsed) {
    var sim = now.simulation();
    return String.format(
        Locale.ROOT,
        "[%s] event time %s | in %,.0f/s sent %,d processed %,d | alerts %,d (%.1f/s) | dead"
            + " letters %,d",
        RunSummary.human(elapsed),
        sim.lastEventAt() > 0 ? CLOCK.format(Instant.ofEpochMilli(sim.lastEventAt())) : "-",
        now.eventsPerSecond(before),
        sim.events(),
        now.processed(),
        now.outputs().alerts().size(),
        now.alertsPerSecond(before),
        now.outputs().deadLetters());
  }

  private static String rows(java.util.List<String> cells, int perLine) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      b.append(i > 0 && i % perLine == 0 ? "\n" : "").append(cells.get(i));
    }
    return b.toString();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
