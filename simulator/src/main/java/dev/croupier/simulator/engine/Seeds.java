package dev.croupier.simulator.engine;

/**
 * SplitMix64 mixing. Every random stream and every id of a run is derived from the run's seed with
 * these functions, so one seed always yields the same platform, whatever is generated first.
 */
public final class Seeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The SplitMix64 finaliser: a bijection on 64-bit values with good avalanche. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A seed for the stream named by {@code (purpose, a)} within the run seeded by {@code seed}. */
  public static long derive(long seed, long purpose, long a) {
    return mix(mix(mix(seed) + GOLDEN * purpose) + GOLDEN * (a + 1));
  }

  /** As {@link #derive(long, long, long)} with a second coordinate. */
  public static long derive(long seed, long purpose, long a, long b) {
    return mix(derive(seed, purpose, a) + GOLDEN * (b + 1));
  }

  /** {@code prefix} then {@code value} as 16 lower-case hex digits. */
  public static String hexId(String prefix, long value) {
    char[] out = new char[prefix.length() + 16];
    prefix.getChars(0, prefix.length(), out, 0);
    for (int i = out.length - 1; i >= prefix.length(); i--) {
      out[i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return new String(out);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
