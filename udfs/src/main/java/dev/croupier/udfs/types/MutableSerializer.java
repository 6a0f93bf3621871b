package dev.croupier.udfs.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer of a mutable class with a no-argument constructor, written field by
 * field: subclasses give the fields' order ({@link #serialize}, {@link #deserialize(Object,
 * DataInputView)}), a deep copy and the snapshot; the rest of Flink's contract is here.
 */
public abstract class MutableSerializer<T> extends TypeSerializerSingleton<T> {
  private static final long serialVersionUID = 1L;

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
