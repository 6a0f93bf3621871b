package dev.croupier.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/dead-letters.md has exactly one row per {@link DeadLetterReason}, in the enum's order. */
class DeadLetterReasonsDocTest {
  private static final Path DOC = Path.of("..", "docs", "dead-letters.md");
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z-]+)` \\|([^|]+)\\|([^|]+)\\|([^|]+)\\|$");

  @Test
  void shouldDocumentEveryReasonOnceWithItsJobsTriggerAndAction() throws Exception {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(DOC)) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        documented.add(row.group(1));
        for (int column = 2; column <= 4; column++) {
          assertThat(row.group(column)).as("a column of %s", row.group(1)).isNotBlank();
        }
      }
    }

    assertThat(documented)
        .containsExactlyElementsOf(
            Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::code).toList());
  }
}
