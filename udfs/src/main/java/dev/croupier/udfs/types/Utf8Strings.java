package dev.croupier.udfs.types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Strings and arrays of them as the hand-written serializers write them: each string one block of
 * UTF-8 behind a variable-length length (0 = null, else bytes + 1).
 *
 * <p>Why not Flink's {@code StringSerializer}: it writes a string a char at a time, and in a heap
 * checkpoint each char is a call into a synchronized {@code DataOutputStream.write}; that was most
 * of the heap snapshots' time in JFR. Strings round-trip exactly when they are well-formed UTF-16,
 * as every string decoded from Avro (UTF-8 on the wire) is.
 */
public final class Utf8Strings {
  private Utf8Strings() {}

  public static void write(String s, DataOutputView out) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeLength(utf8.length + 1, out);
    out.write(utf8); // one call: in a heap checkpoint each write is a synchronized stream call
  }

  public static String read(DataInputView in) throws IOException {
    int n = readLength(in);
    if (n == 0) {
      return null;
    }
    byte[] utf8 = new byte[n - 1];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** The array's length (-1 for null), then each element; null elements allowed. */
  public static void writeArray(String[] a, DataOutputView out) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(a.length);
    for (String s : a) {
      write(s, out);
    }
  }

  public static String[] readArray(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    String[] a = new String[n];
    for (int i = 0; i < n; i++) {
      a[i] = read(in);
    }
    return a;
  }

  /** 7 bits per byte, low first; the high bit says another byte follows. */
  private static void writeLength(int n, DataOutputView out) throws IOException {
    while ((n & ~0x7F) != 0) {
      out.writeByte((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out.writeByte(n);
  }

  private static int readLength(DataInputView in) throws IOException {
    int n = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      int b = in.readUnsignedByte();
      n |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (n < 0) {
          break;
        }
        return n;
      }
    }
    throw new IOException("not a string length");
  }
}
