package dev.croupier.drills.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Another build of the job jar, made from the real one by replacing or removing entries: the
 * upgrade drill's build with changed thresholds, and deliberately broken builds that show a drill
 * can fail. Every edit must find what it edits, or the variant is refused.
 */
public final class JarVariant {
  private final Path base;
  private final Map<String, UnaryOperator<String>> edits = new LinkedHashMap<>();
  private final Map<String, Boolean> removals = new LinkedHashMap<>();

  private JarVariant(Path base) {
    this.base = base;
  }

  public static JarVariant of(Path jar) {
    return new JarVariant(jar);
  }

  /** Rewrites the text entry {@code name}; the result must differ from the original. */
  public JarVariant editText(String name, UnaryOperator<String> edit) {
    edits.put(name, edit);
    return this;
  }

  /** Leaves the entry {@code name} out (it must exist). */
  public JarVariant remove(String name) {
    removals.put(name, Boolean.TRUE);
    return this;
  }

  /** Writes the variant to {@code target} and returns it. */
  public Path writeTo(Path target) {
    try (ZipFile in = new ZipFile(base.toFile())) {
      for (String name : edits.keySet()) {
        require(in, name);
      }
      for (String name : removals.keySet()) {
        require(in, name);
      }
      Files.createDirectories(target.getParent());
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
        var entries = in.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          if (removals.containsKey(e.getName())) {
            continue;
          }
          byte[] bytes = in.getInputStream(e).readAllBytes();
          UnaryOperator<String> edit = edits.get(e.getName());
          if (edit != null) {
            String before = new String(bytes, StandardCharsets.UTF_8);
            String after = edit.apply(before);
            if (after.equals(before)) {
              throw new IllegalStateException(
                  "editing " + e.getName() + " of " + base + " changed nothing");
            }
            bytes = after.getBytes(StandardCharsets.UTF_8);
          }
          ZipEntry copy = new ZipEntry(e.getName());
          copy.setTime(e.getTime());
          out.putNextEntry(copy);
          out.write(bytes);
          out.closeEntry();
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + " from " + base, e);
    }
  }

  private void require(ZipFile jar, String name) {
    if (jar.getEntry(name) == null) {
      throw new IllegalStateException(base + " has no entry " + name + ": the build changed");
    }
  }

  /** Replaces {@code old} by {@code replacement} in a text, failing if {@code old} is absent. */
  public static UnaryOperator<String> replace(String old, String replacement) {
    return text -> {
      if (!text.contains(old)) {
        throw new IllegalStateException("'" + old + "' not found");
      }
      return text.replace(old, replacement);
    };
  }
}
