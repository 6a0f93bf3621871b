package dev.croupier.udfs.fraud;

import java.math.BigDecimal;
import java.util.Currency;

/** Formats minor units for alert summaries ("150.00 EUR"); amounts stay {@code long} everywhere else. */
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
}
