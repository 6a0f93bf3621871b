package dev.croupier.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void shouldWriteTheMagicByteAndABigEndianId() {
    assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void shouldReadBackEveryByteOfTheId() {
    for (int id : new int[] {0, 1, 255, 256, 65_537, 0x7fffffff, 0xcafebabe}) {
      assertThat(WireFormat.schemaId(WireFormat.header(id))).isEqualTo(id);
    }
  }
}
