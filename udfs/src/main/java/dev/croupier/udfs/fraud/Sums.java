package dev.croupier.udfs.fraud;

/**
 * Overflow-safe arithmetic for the rules' measurements over minor units: sums that saturate instead
 * of wrapping (a pathological record must never fail the job or flip a comparison), and exact
 * comparisons of products ({@code a × p ≥ b × q}) through 128-bit results.
 */
public final class Sums {
  private Sums() {}

  /**
   * {@code a + b}, held at {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE} instead of wrapping.
   */
  public static long add(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException overflow) {
      return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  /** {@code a - b}, saturating like {@link #add}. */
  public static long subtract(long a, long b) {
    try {
      return Math.subtractExact(a, b);
    } catch (ArithmeticException overflow) {
      return b < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  /** {@code a × b} for non-negative operands, held at {@link Long#MAX_VALUE}. */
  public static long multiply(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Whether {@code a × p ≥ b × q}, exactly, for non-negative operands (e.g. "withdrawal × 100 ≥
   * deposit × 80").
   */
  public static boolean productAtLeast(long a, long p, long b, long q) {
    return compareProducts(a, p, b, q) >= 0;
  }

  /** Whether {@code a × p < b × q}, exactly, for non-negative operands. */
  public static boolean productBelow(long a, long p, long b, long q) {
    return compareProducts(a, p, b, q) < 0;
  }

  private static int compareProducts(long a, long p, long b, long q) {
    if (a < 0 || p < 0 || b < 0 || q < 0) {
      throw new IllegalArgumentException("products of non-negative operands only");
    }
    long hi1 = Math.multiplyHigh(a, p);
    long hi2 = Math.multiplyHigh(b, q);
    if (hi1 != hi2) {
      return Long.compare(hi1, hi2);
    }
    return Long.compareUnsigned(a * p, b * q);
  }
}
