package dev.croupier.udfs.fraud;

/**
 * A player's stake habit: count, mean and sum of squared deviations by Welford's online algorithm
 * (numerically stable, O(1) per bet), plus when the player last bet. A Flink POJO. Statistics are
 * doubles; money itself stays in {@code long} minor units.
 */
public class RunningStake {
  public long count;
  public double mean;
  public double m2;
  public long lastAt;

  public RunningStake() {}

  public void add(long stake, long at) {
    count++;
    double delta = stake - mean;
    mean += delta / count;
    m2 += delta * (stake - mean);
    lastAt = at;
  }

  /** Population standard deviation of the stakes seen so far. */
  public double stdDev() {
    return count == 0 ? 0 : Math.sqrt(m2 / count);
  }
}
