package dev.croupier.udfs.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.croupier.schemas.avro.PaymentKind;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EnumSymbolsTest {
  private static final EnumSymbols<PaymentKind> CURRENT =
      EnumSymbols.current(PaymentKind.class, PaymentKind.UNKNOWN);

  @Test
  void shouldWriteTheCurrentEnumByPositionPlusOneAndNullAsZero() throws Exception {
    assertThat(CURRENT.symbols()).containsExactly("DEPOSIT", "WITHDRAWAL", "BONUS", "UNKNOWN");
    assertThat(CURRENT.write(null)).isZero();
    for (PaymentKind kind : PaymentKind.values()) {
      assertThat(CURRENT.write(kind)).isEqualTo(kind.ordinal() + 1);
      assertThat(CURRENT.read(CURRENT.write(kind))).isEqualTo(kind);
    }
    assertThat(CURRENT.read(0)).isNull();
  }

  @Test
  void shouldMapAStoredListOntoTheEnumByNameAndARemovedSymbolToTheFallback() throws Exception {
    // Given a list from when a CASHBACK symbol came first and BONUS did not exist yet
    EnumSymbols<PaymentKind> stored =
        CURRENT.stored(List.of("CASHBACK", "UNKNOWN", "WITHDRAWAL", "DEPOSIT"));

    // Then positions read as the constants of the same name, CASHBACK as the fallback
    assertThat(stored.read(1)).isEqualTo(PaymentKind.UNKNOWN);
    assertThat(stored.read(2)).isEqualTo(PaymentKind.UNKNOWN);
    assertThat(stored.read(3)).isEqualTo(PaymentKind.WITHDRAWAL);
    assertThat(stored.read(4)).isEqualTo(PaymentKind.DEPOSIT);
    assertThat(stored.unmapped()).isEmpty();

    // And the positions it writes are the stored ones; a constant it has none for is refused
    assertThat(stored.write(PaymentKind.DEPOSIT)).isEqualTo(4);
    assertThatThrownBy(() -> stored.write(PaymentKind.BONUS))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("BONUS");
    assertThatThrownBy(() -> stored.read(5)).isInstanceOf(IOException.class);
    assertThat(stored).isNotEqualTo(CURRENT);
    assertThat(CURRENT.stored(CURRENT.symbols())).isEqualTo(CURRENT);
  }

  @Test
  void shouldReportARemovedSymbolWithoutFallbackAsUnmapped() {
    // Given an enum without fallback whose stored list names a symbol since removed
    EnumSymbols<PaymentKind> noFallback =
        EnumSymbols.current(PaymentKind.class, null).stored(List.of("DEPOSIT", "CASHBACK"));

    // Then that symbol is unmapped, and reading it fails with its name rather than guessing
    assertThat(noFallback.unmapped()).containsExactly("CASHBACK");
    assertThatThrownBy(() -> noFallback.read(2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("CASHBACK");
  }

  @Test
  void shouldKeepTheListThroughASnapshotAndRefuseAnImpossibleCount() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    CURRENT.writeSymbols(out);
    out.writeInt(-1);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    assertThat(EnumSymbols.readSymbols(in)).isEqualTo(CURRENT.symbols());
    assertThatThrownBy(() -> EnumSymbols.readSymbols(in)).isInstanceOf(IOException.class);
  }
}
