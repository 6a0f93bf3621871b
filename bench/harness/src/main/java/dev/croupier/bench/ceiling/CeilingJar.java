package dev.croupier.bench.ceiling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The jar the ceiling jobs are submitted from: the shaded job jar as built, plus the classes of
 * this package. The ceilings thus run the jobs' own sources, decoder and dependencies, at the same
 * versions, on the same cluster.
 */
public final class CeilingJar {
  private static final String PACKAGE = CeilingJar.class.getPackageName().replace('.', '/') + "/";

  private CeilingJar() {}

  /** Writes {@code jobsJar} plus the ceiling classes to {@code target}; returns it. */
  public static Path write(Path jobsJar, Path target) {
    Map<String, byte[]> ceiling = ceilingClasses();
    if (ceiling.isEmpty()) {
      throw new IllegalStateException(
          "no class of " + PACKAGE + " found beside " + CeilingJar.class);
    }
    try (ZipFile in = new ZipFile(jobsJar.toFile())) {
      Files.createDirectories(target.getParent());
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
        Enumeration<? extends ZipEntry> entries = in.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          if (ceiling.containsKey(e.getName())) {
            continue;
          }
          out.putNextEntry(new ZipEntry(e.getName()));
          try (InputStream body = in.getInputStream(e)) {
            body.transferTo(out);
          }
          out.closeEntry();
        }
        for (Map.Entry<String, byte[]> c : ceiling.entrySet()) {
          out.putNextEntry(new ZipEntry(c.getKey()));
          out.write(c.getValue());
          out.closeEntry();
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + " from " + jobsJar, e);
    }
  }

  /** The class files of this package, from the directory or jar this class was loaded from. */
  static Map<String, byte[]> ceilingClasses() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try {
      Path origin =
          Path.of(CeilingJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(origin)) {
        Path dir = origin.resolve(PACKAGE);
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
            out.put(PACKAGE + f.getFileName(), Files.readAllBytes(f));
          }
        }
      } else {
        try (ZipFile jar = new ZipFile(origin.toFile())) {
          Enumeration<? extends ZipEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            String name = e.getName();
            if (name.startsWith(PACKAGE)
                && name.endsWith(".class")
                && name.indexOf('/', PACKAGE.length()) < 0) {
              try (InputStream body = jar.getInputStream(e)) {
                out.put(name, body.readAllBytes());
              }
            }
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ceiling classes", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
