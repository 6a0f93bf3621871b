package dev.croupier.udfs.fraud;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;

/**
 * Formats minor units for alert summaries ("150.00 EUR"), and the overflow-safe arithmetic the
 * fraud rules use on them; amounts stay {@code long} everywhere else.
 */
public final class Money {
  private Money() {}

  public static String format(long minorUnits, String currency) {
    int digits = 2;
    if (currency != null) {
      try {
        digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
      } catch (IllegalArgumentException unknownCode) {
        digits = 2;
      }
    }
    String amount = BigDecimal.valueOf(minorUnits, digits).toPlainString();
    return currency == null ? amount : amount + " " + currency;
  }

  /**
   * The sign of {@code a * x - b * y}, exactly: a rule's "at least p % of" comparisons never wrap
   * around, whatever the amounts (the common case costs two {@link Math#multiplyExact}).
   */
  public static int compareProducts(long a, long x, long b, long y) {
    try {
      return Long.compare(Math.multiplyExact(a, x), Math.multiplyExact(b, y));
    } catch (ArithmeticException overflow) {
      return BigInteger.valueOf(a)
          .multiply(BigInteger.valueOf(x))
          .compareTo(BigInteger.valueOf(b).multiply(BigInteger.valueOf(y)));
    }
  }

  /**
   * {@code a + b}, held at {@link Long#MAX_VALUE} (or MIN_VALUE) instead of wrapping: for running
   * sums that only grow and are only compared, where "more than a long holds" is the exact answer.
   */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
