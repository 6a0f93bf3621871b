package dev.croupier.simulator.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.croupier.simulator.scenario.ScenarioLabel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ground truth as JSON lines, one {@link ScenarioLabel} per line, written (and flushed) the
 * moment a scenario's trigger event is sent:
 *
 * <pre>
 * {"scenarioId":"sc-000003","ruleId":"account-takeover","variant":"default","userIds":["u10003"],
 *  "relatedUserIds":[],"firstEventAt":1767234000000,"lastEventAt":1767234360000,
 *  "triggerEventId":"e-…","triggerAt":1767234300000,"evidenceEventIds":["e-…", …]}
 * </pre>
 */
public final class GroundTruthFile implements Consumer<ScenarioLabel>, AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final BufferedWriter out;

  public GroundTruthFile(Path file) {
    this.out = JsonLinesFile.create(file, "ground-truth file");
  }

  @Override
  public synchronized void accept(ScenarioLabel label) {
    try {
      out.write(MAPPER.writeValueAsString(label));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ground truth", e);
    }
  }

  /** Every label of a ground-truth file. */
  public static List<ScenarioLabel> read(Path file) {
    List<ScenarioLabel> labels = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          labels.add(MAPPER.readValue(line, ScenarioLabel.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ground truth " + file, e);
    }
    return labels;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the ground truth", e);
    }
  }
}
