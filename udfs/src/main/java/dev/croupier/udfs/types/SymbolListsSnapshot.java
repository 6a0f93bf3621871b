package dev.croupier.udfs.types;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot of a hand-written serializer that writes enums by position ({@link EnumSymbols}): it
 * keeps the serializer's symbol lists, and decides about state of an earlier version. State with
 * the same lists is compatible as is; state with other lists, or written by Flink's POJO serializer
 * (the state's serializer before the hand-written one), needs a migration, which Flink runs on
 * restore (read with the old serializer, written with the current one). State holding a symbol that
 * no longer exists and has no fallback is refused.
 *
 * <p>Versions: 3 was Flink's {@code SimpleTypeSerializerSnapshot}, which kept no lists (its state
 * used the lists of {@link #ofVersion3()}); 4 keeps them.
 *
 * @param <S> the serializer, immutable: a stored list makes another instance
 */
public abstract class SymbolListsSnapshot<
        T, S extends TypeSerializer<T> & SymbolListsSnapshot.WithSymbolLists<S>>
    implements TypeSerializerSnapshot<T> {

  /** A serializer that writes enums by position in lists it can be given. */
  public interface WithSymbolLists<S> {
    /** The enum fields, in the order the snapshot keeps their lists. */
    List<EnumSymbols<?>> enums();

    /** This serializer with positions from stored lists, in {@link #enums()} order. */
    S stored(List<List<String>> lists);
  }

  private static final Logger LOG = LoggerFactory.getLogger(SymbolListsSnapshot.class);

  private static final int CURRENT_VERSION = 4;

  private final S current;
  private final S ofVersion3;
  private S serializer;

  /**
   * @param serializer the one whose lists are written; for reading, the current one
   * @param current the serializer as compiled
   * @param ofVersion3 the serializer of the lists every state of snapshot version 3 used; never
   *     change them
   */
  protected SymbolListsSnapshot(S serializer, S current, S ofVersion3) {
    this.serializer = serializer;
    this.current = current;
    this.ofVersion3 = ofVersion3;
  }

  @Override
  public final int getCurrentVersion() {
    return CURRENT_VERSION;
  }

  @Override
  public final void writeSnapshot(DataOutputView out) throws IOException {
    for (EnumSymbols<?> symbols : serializer.enums()) {
      symbols.writeSymbols(out);
    }
  }

  @Override
  public final void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
      throws IOException {
    switch (version) {
      case 3 -> serializer = ofVersion3;
      case CURRENT_VERSION -> {
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i < current.enums().size(); i++) {
          lists.add(EnumSymbols.readSymbols(in));
        }
        serializer = current.stored(lists);
      }
      default ->
          throw new IOException(
              "unknown snapshot version " + version + " of " + getClass().getName());
    }
  }

  @Override
  public final TypeSerializer<T> restoreSerializer() {
    return serializer;
  }

  @Override
  public final TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> old) {
    if (old instanceof PojoSerializerSnapshot) {
      return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
    if (old == null || old.getClass() != getClass()) {
      return TypeSerializerSchemaCompatibility.incompatible();
    }
    TypeSerializer<T> before = old.restoreSerializer();
    if (before.equals(serializer)) {
      return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
    @SuppressWarnings("unchecked")
    S stored = (S) before;
    for (EnumSymbols<?> symbols : stored.enums()) {
      if (!symbols.unmapped().isEmpty()) {
        LOG.error(
            "State holds {} symbols {} that no longer exist and have no fallback: it cannot be"
                + " restored with this version",
            symbols.type().getSimpleName(),
            symbols.unmapped());
        return TypeSerializerSchemaCompatibility.incompatible();
      }
    }
    return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
  }
}
