package dev.croupier.schemas.wire;

import java.util.Arrays;

/** Bad wire bytes made from good ones, one per class of bad input a decoder must survive. */
public final class Spoiled {

  private Spoiled() {}

  /** {@code good} with another first byte. */
  public static byte[] magicByte(byte[] good, int firstByte) {
    byte[] bytes = good.clone();
    bytes[0] = (byte) firstByte;
    return bytes;
  }

  /** {@code good} claiming a schema id the registry never gave. */
  public static byte[] schemaId(byte[] good, int unknownId) {
    byte[] bytes = good.clone();
    WireFormat.writeHeader(bytes, unknownId);
    return bytes;
  }

  /** {@code good} followed by {@code extra} zero bytes. */
  public static byte[] trailing(byte[] good, int extra) {
    return Arrays.copyOf(good, good.length + extra);
  }

  /** {@code good} without its last {@code missing} bytes. */
  public static byte[] cut(byte[] good, int missing) {
    return Arrays.copyOf(good, good.length - missing);
  }
}
