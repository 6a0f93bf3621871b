package dev.croupier.drills.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the ends of process logs for error messages. */
public final class Logs {
  private static final int MAX_LINE = 400;

  private Logs() {}

  /** The last {@code lines} lines of {@code file}, or why it could not be read. */
  public static String tail(Path file, int lines) {
    try {
      List<String> all =
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n",
          all.subList(Math.max(0, all.size() - lines), all.size()).stream()
              .map(l -> l.length() <= MAX_LINE ? l : l.substring(0, MAX_LINE) + "…")
              .toList());
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }
}
