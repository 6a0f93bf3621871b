package dev.croupier.udfs.types;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Primitive arrays as the hand-written state serializers write them: the length (-1 for null), then
 * the elements; byte and boolean arrays in one call each. Strings: {@link Utf8Strings}.
 */
public final class ArrayColumns {
  private ArrayColumns() {}

  public static void writeLongs(long[] a, DataOutputView out) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(a.length);
    for (long v : a) {
      out.writeLong(v);
    }
  }

  public static long[] readLongs(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    long[] a = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readLong();
    }
    return a;
  }

  public static void writeBytes(byte[] a, DataOutputView out) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(a.length);
    out.write(a);
  }

  public static byte[] readBytes(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] a = new byte[n];
    in.readFully(a);
    return a;
  }

  public static void writeBooleans(boolean[] a, DataOutputView out) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      bytes[i] = (byte) (a[i] ? 1 : 0);
    }
    out.writeInt(a.length);
    out.write(bytes);
  }

  public static boolean[] readBooleans(DataInputView in) throws IOException {
    byte[] bytes = readBytes(in);
    if (bytes == null) {
      return null;
    }
    boolean[] a = new boolean[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      a[i] = bytes[i] != 0;
    }
    return a;
  }
}
