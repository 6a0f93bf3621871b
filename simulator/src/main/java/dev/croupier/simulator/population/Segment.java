package dev.croupier.simulator.population;

/**
 * Kinds of players. Amounts are in minor units of a scale-1 currency. Every segment stays clear of
 * the default fraud thresholds: stakes within 1–4 × a fixed base, at least 2 s between bets, at
 * least {@link #MIN_GAP_MILLIS} between sessions.
 */
public enum Segment {
  // share per mille, base stake range, mean gap between sessions (h), bets per session range,
  // deposit range, think time between bets (ms)
  CASUAL(620, 10, 100, 30, 10, 60, 1_000, 5_000, 2_500, 12_000),
  REGULAR(310, 50, 500, 10, 30, 150, 2_000, 20_000, 2_000, 9_000),
  HIGH_ROLLER(40, 1_000, 10_000, 20, 20, 80, 50_000, 500_000, 4_000, 15_000),
  /** Scripted players that stay under every threshold: one slot, a constant stake, steady pace. */
  BOT(30, 20, 200, 3, 100, 300, 2_000, 10_000, 1_500, 2_000);

  /** The least time between the end of one session and the start of the next. */
  public static final long MIN_GAP_MILLIS = 2 * 3_600_000L;

  private final int perMille;
  private final long minBaseStake;
  private final long maxBaseStake;
  private final long meanGapMillis;
  private final int minBets;
  private final int maxBets;
  private final long minDeposit;
  private final long maxDeposit;
  private final int minThinkMillis;
  private final int maxThinkMillis;

  Segment(
      int perMille,
      long minBaseStake,
      long maxBaseStake,
      int meanGapHours,
      int minBets,
      int maxBets,
      long minDeposit,
      long maxDeposit,
      int minThinkMillis,
      int maxThinkMillis) {
    this.perMille = perMille;
    this.minBaseStake = minBaseStake;
    this.maxBaseStake = maxBaseStake;
    this.meanGapMillis = meanGapHours * 3_600_000L;
    this.minBets = minBets;
    this.maxBets = maxBets;
    this.minDeposit = minDeposit;
    this.maxDeposit = maxDeposit;
    this.minThinkMillis = minThinkMillis;
    this.maxThinkMillis = maxThinkMillis;
  }

  /** The segment at per-mille position {@code r} in [0, 1000). */
  public static Segment at(int r) {
    for (Segment s : values()) {
      r -= s.perMille;
      if (r < 0) {
        return s;
      }
    }
    return CASUAL;
  }

  public long minBaseStake() {
    return minBaseStake;
  }

  public long maxBaseStake() {
    return maxBaseStake;
  }

  public long meanGapMillis() {
    return meanGapMillis;
  }

  public int minBets() {
    return minBets;
  }

  public int maxBets() {
    return maxBets;
  }

  public long minDeposit() {
    return minDeposit;
  }

  public long maxDeposit() {
    return maxDeposit;
  }

  public int minThinkMillis() {
    return minThinkMillis;
  }

  public int maxThinkMillis() {
    return maxThinkMillis;
  }
}
