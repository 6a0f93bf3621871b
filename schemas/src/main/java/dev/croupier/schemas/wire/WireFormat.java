package dev.croupier.schemas.wire;

/**
 * The Confluent wire format: byte 0 (the magic byte), the writer schema's registry id as a 4-byte
 * big-endian int, then the Avro binary body.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Writes the header for {@code schemaId} into {@code target[0..5)}. */
  public static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }

  /** A fresh 5-byte header for {@code schemaId}. */
  public static byte[] header(int schemaId) {
    byte[] header = new byte[HEADER_LENGTH];
    writeHeader(header, schemaId);
    return header;
  }

  /** The schema id in {@code value[1..5)}; the caller has checked the length and the magic byte. */
  public static int schemaId(byte[] value) {
    return ((value[1] & 0xff) << 24)
        | ((value[2] & 0xff) << 16)
        | ((value[3] & 0xff) << 8)
        | (value[4] & 0xff);
  }
}
