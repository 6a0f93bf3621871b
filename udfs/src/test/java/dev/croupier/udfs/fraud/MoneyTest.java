package dev.croupier.udfs.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void shouldCompareProductsExactlyWhereALongWouldWrapAround() {
    // 2^62 * 100 wraps to a negative long: a plain comparison would call it smaller than 1 * 20
    long huge = 1L << 62;
    assertThat(huge * 100 < 20).as("the wrap-around this guards against").isTrue();

    assertThat(Money.compareProducts(huge, 100, 1, 20)).isPositive();
    assertThat(Money.compareProducts(1, 20, huge, 100)).isNegative();
    assertThat(Money.compareProducts(Long.MAX_VALUE, 2, Long.MAX_VALUE, 2)).isZero();
    assertThat(Money.compareProducts(500, 100, 625, 80)).isZero();
  }

  @Test
  void shouldHoldASumAtTheLongRangeInsteadOfWrapping() {
    assertThat(Money.saturatedAdd(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(Money.saturatedAdd(Long.MIN_VALUE + 1, -5)).isEqualTo(Long.MIN_VALUE);
    assertThat(Money.saturatedAdd(40, 2)).isEqualTo(42);
  }
}
