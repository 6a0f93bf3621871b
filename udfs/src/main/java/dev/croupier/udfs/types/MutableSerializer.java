package dev.croupier.udfs.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer of a mutable class with a no-argument constructor, written field by
 * field: subclasses give the fields' order ({@link #serialize}, {@link #deserialize(Object,
 * DataInputView)}), a deep copy and the snapshot; the rest of Flink's contract is here. The
 * serializer itself holds no mutable state, so {@link #duplicate()} is itself; two are equal when
 * of the same class, unless a subclass carries configuration (then it overrides both).
 */
public abstract class MutableSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  @Override
  public final TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public final boolean isImmutableType() {
    return false;
  }

  @Override
  public final T copy(T from) {
    return copy(from, createInstance());
  }

  @Override
  public final int getLength() {
    return -1;
  }

  @Override
  public final T deserialize(DataInputView in) throws IOException {
    return deserialize(createInstance(), in);
  }

  @Override
  public final void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }
}
