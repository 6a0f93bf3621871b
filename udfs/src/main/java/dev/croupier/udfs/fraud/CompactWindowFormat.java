package dev.croupier.udfs.fraud;

import dev.croupier.udfs.types.ArrayColumns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The fields every {@link CompactWindow} has, as the windows' hand-written serializers write them.
 * Columns are written whole (their length is the window's capacity), so a window restores exactly
 * as it was.
 */
final class CompactWindowFormat {
  private CompactWindowFormat() {}

  static void writeBase(CompactWindow w, DataOutputView out) throws IOException {
    ArrayColumns.writeLongs(w.at, out);
    out.writeInt(w.size);
    if (w.firingVersions == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(w.firingVersions.size());
    for (Long v : w.firingVersions) {
      out.writeLong(v);
    }
  }

  static void readBase(CompactWindow w, DataInputView in) throws IOException {
    w.at = ArrayColumns.readLongs(in);
    w.size = in.readInt();
    int n = in.readInt();
    if (n < 0) {
      w.firingVersions = null;
      return;
    }
    List<Long> versions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      versions.add(in.readLong());
    }
    w.firingVersions = versions;
  }

  static void copyBase(CompactWindow from, CompactWindow to) {
    to.at = from.at == null ? null : from.at.clone();
    to.size = from.size;
    to.firingVersions = from.firingVersions == null ? null : new ArrayList<>(from.firingVersions);
  }
}
