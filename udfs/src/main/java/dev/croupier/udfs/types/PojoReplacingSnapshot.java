package dev.croupier.udfs.types;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * The snapshot of a hand-written serializer that took over a state Flink's POJO serializer wrote
 * before: POJO state of an earlier version is migrated on restore (read with the POJO serializer,
 * written with this one); its own state restores as is.
 */
public abstract class PojoReplacingSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {
  protected PojoReplacingSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
    super(serializer);
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> old) {
    if (old instanceof PojoSerializerSnapshot) {
      return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
    return super.resolveSchemaCompatibility(old);
  }
}
