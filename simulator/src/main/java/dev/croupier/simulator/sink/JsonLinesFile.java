package dev.croupier.simulator.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the UTF-8 JSON-lines files the simulator writes, creating missing parent folders. */
final class JsonLinesFile {
  private JsonLinesFile() {}

  /** A new (or truncated) file; {@code what} names it in the error. */
  static BufferedWriter create(Path file, String what) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the " + what + " " + file, e);
    }
  }
}
