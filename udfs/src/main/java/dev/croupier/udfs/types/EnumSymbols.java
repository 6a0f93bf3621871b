package dev.croupier.udfs.types;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * One enum field of a hand-written serializer that writes enums by position: the symbol list the
 * positions refer to, and its mapping onto the enum's constants as they are now, by name.
 *
 * <p>Why: state written by position (a savepoint's buffered events) would restore as another symbol
 * once a symbol is inserted, moved or removed. A serializer keeps these lists in its snapshot; on
 * restore the stored list maps each stored position to the constant of the same name. A stored
 * symbol that no longer exists reads as the enum's fallback (for an Avro enum its schema default,
 * {@code UNKNOWN}, exactly as Avro itself resolves a removed symbol); without a fallback the state
 * cannot be read ({@link #unmapped()}).
 *
 * <p>On the wire a value is one byte: 0 for null, else its position in the list + 1.
 */
public final class EnumSymbols<E extends Enum<E>> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One byte per value, 0 for null: positions 0..126. */
  private static final int MAX_SYMBOLS = Byte.MAX_VALUE - 1;

  private final Class<E> type;
  private final List<String> symbols;
  private final E fallback;

  // derived from the three above
  private final E[] byPosition; // position -> constant; null: unmapped
  private final byte[] byOrdinal; // constant's ordinal -> position + 1; 0: not in the list

  private EnumSymbols(Class<E> type, List<String> symbols, E fallback) {
    if (symbols.size() > MAX_SYMBOLS) {
      throw new IllegalArgumentException(
          type.getSimpleName() + " has " + symbols.size() + " symbols, at most " + MAX_SYMBOLS);
    }
    this.type = type;
    this.symbols = List.copyOf(symbols);
    this.fallback = fallback;
    E[] constants = type.getEnumConstants();
    this.byPosition = Arrays.copyOf(constants, symbols.size());
    this.byOrdinal = new byte[constants.length];
    for (int position = 0; position < symbols.size(); position++) {
      E constant = constantNamed(constants, symbols.get(position));
      byPosition[position] = constant != null ? constant : fallback;
      if (constant != null) {
        byOrdinal[constant.ordinal()] = (byte) (position + 1);
      }
    }
  }

  /**
   * The enum as compiled: its symbols in declaration order.
   *
   * @param fallback what a stored symbol that no longer exists reads as; null: such state is
   *     refused
   */
  public static <E extends Enum<E>> EnumSymbols<E> current(Class<E> type, E fallback) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    return new EnumSymbols<>(type, names, fallback);
  }

  /** The same enum with positions from a stored list (a snapshot's). */
  public EnumSymbols<E> stored(List<String> storedSymbols) {
    return new EnumSymbols<>(type, storedSymbols, fallback);
  }

  /** 0 for null, else the constant's position in this list + 1. */
  public int write(E value) throws IOException {
    if (value == null) {
      return 0;
    }
    int b = byOrdinal[value.ordinal()];
    if (b == 0) {
      throw new IOException(
          type.getSimpleName() + "." + value + " has no position in the stored symbols " + symbols);
    }
    return b;
  }

  /** The constant at {@code b - 1} in this list, null for 0. */
  public E read(int b) throws IOException {
    if (b == 0) {
      return null;
    }
    if (b < 0 || b > byPosition.length) {
      throw new IOException("not a " + type.getSimpleName() + " position: " + b);
    }
    E value = byPosition[b - 1];
    if (value == null) {
      throw new IOException(
          "stored " + type.getSimpleName() + " symbol " + symbols.get(b - 1) + " no longer exists");
    }
    return value;
  }

  /** Stored symbols that name no constant now and have no fallback: state holding them is lost. */
  public List<String> unmapped() {
    List<String> unmapped = new ArrayList<>();
    for (int position = 0; position < byPosition.length; position++) {
      if (byPosition[position] == null) {
        unmapped.add(symbols.get(position));
      }
    }
    return unmapped;
  }

  public List<String> symbols() {
    return symbols;
  }

  public Class<E> type() {
    return type;
  }

  /** The list as a snapshot keeps it: a count, then each name. */
  public void writeSymbols(DataOutputView out) throws IOException {
    out.writeInt(symbols.size());
    for (String symbol : symbols) {
      out.writeUTF(symbol);
    }
  }

  /** A list {@link #writeSymbols} wrote. */
  public static List<String> readSymbols(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_SYMBOLS) {
      throw new IOException("not an enum symbol count: " + n);
    }
    List<String> symbols = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      symbols.add(in.readUTF());
    }
    return symbols;
  }

  private static <E extends Enum<E>> E constantNamed(E[] constants, String name) {
    for (E constant : constants) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnumSymbols<?> other
        && type == other.type
        && symbols.equals(other.symbols)
        && Objects.equals(fallback, other.fallback);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, symbols);
  }

  @Override
  public String toString() {
    return type.getSimpleName() + symbols;
  }
}
