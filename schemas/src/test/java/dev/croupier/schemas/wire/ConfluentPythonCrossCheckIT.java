package dev.croupier.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.croupier.schemas.SampleRecords;
import dev.croupier.schemas.SampleRecords.Sample;
import dev.croupier.schemas.registry.RegistryConfig;
import dev.croupier.schemas.registry.SchemaRegistryClient;
import dev.croupier.schemas.topics.Topic;
import dev.croupier.testkit.ApicurioRegistry;
import dev.croupier.testkit.SharedServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Croupier's wire format checked by Confluent's own Python client (Debian's python3-confluent-kafka
 * under Debian's /usr/bin/python3), both ways, through the same real registry. Runs in CI (CI=true)
 * or fails there naming the packages; elsewhere skips when the client is not installed.
 */
@ExtendWith(SharedServices.class)
class ConfluentPythonCrossCheckIT {
  static final String APT_PACKAGES = "python3-confluent-kafka python3-requests python3-avro";
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RegistryConfig registry;

  @BeforeAll
  static void registry(ApicurioRegistry apicurio) {
    registry = RegistryConfig.of(apicurio.confluentApiUrl());
  }

  @TempDir Path dir;
  private SchemaRegistryClient client;

  @BeforeAll
  static void requireConfluentPythonClient() throws Exception {
    String problem = pythonClientProblem();
    if (problem == null) {
      return;
    }
    String install = "apt-get install -y " + APT_PACKAGES;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI must cross-check with Confluent's Python client, but " + problem + ": " + install);
    }
    Assumptions.abort("Skipped outside CI: " + problem + " (" + install + ")");
  }

  @BeforeEach
  void newClient() {
    client = SchemaRegistryClient.create(registry);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void shouldBeReadFieldByFieldByConfluentsDeserializer() throws Exception {
    // Given every record type written by Croupier, each on its own topic
    List<String> lines = new ArrayList<>();
    for (Sample<?> sample : SampleRecords.everyTopic()) {
      lines.add(topic(sample, "java-wrote").name() + "\t" + base64(javaWire(sample, "java-wrote")));
    }

    // When Confluent's AvroDeserializer reads them with the writer schema from the registry
    List<String> decoded = runScript("decode", lines);

    // Then every field holds what was written
    assertThat(decoded).hasSameSizeAs(lines);
    for (int i = 0; i < decoded.size(); i++) {
      Sample<?> sample = SampleRecords.everyTopic().get(i);
      JsonNode actual = JSON.readTree(decoded.get(i)).get("record");
      JsonNode expected = JSON.readTree(JSON.writeValueAsString(AvroJson.of(sample.record())));
      assertThat(fieldNames(actual)).isEqualTo(fieldNames(expected));
      expected
          .fieldNames()
          .forEachRemaining(
              f ->
                  assertThat(actual.get(f))
                      .as(sample.topic().name() + "." + f)
                      .isEqualTo(expected.get(f)));
    }
  }

  @Test
  void shouldReadWhatConfluentsSerializerWrote() throws Exception {
    // Given every record type written by Confluent's AvroSerializer from our schemas (as the
    // generated classes carry them: a type another .avsc file defines is inlined)
    List<String> lines = new ArrayList<>();
    for (Sample<?> sample : SampleRecords.everyTopic()) {
      Map<String, Object> item =
          Map.of(
              "topic", topic(sample, "python-wrote").name(),
              "avsc", sample.record().getClass().getSimpleName() + ".avsc",
              "record", AvroJson.of(sample.record()));
      lines.add(JSON.writeValueAsString(item));
    }
    List<String> written = runScript("encode", lines);

    // When AvroWireDecoder reads them, Then each is the record, its Avro body byte for byte ours
    assertThat(written).hasSameSizeAs(lines);
    for (int i = 0; i < written.size(); i++) {
      Sample<?> sample = SampleRecords.everyTopic().get(i);
      byte[] python = Base64.getDecoder().decode(written.get(i).split("\t")[1]);
      assertThat(javaDecode(sample, python)).isEqualTo(sample.record());
      assertThat(body(python))
          .as(sample.topic().name())
          .isEqualTo(body(javaWire(sample, "python-wrote")));
    }
  }

  private <T extends SpecificRecordBase> byte[] javaWire(Sample<T> sample, String direction) {
    return AvroWireSerializer.forTopic(
            topic(sample, direction), client, SchemaRegistration.REGISTER)
        .serialize(sample.record());
  }

  private <T extends SpecificRecordBase> T javaDecode(Sample<T> sample, byte[] value) {
    Topic<T> topic = topic(sample, "python-wrote");
    return new AvroWireDecoder<>(topic, client, "it")
        .decode(topic.name(), 0, 0, null, value, -1)
        .record();
  }

  private static <T extends SpecificRecordBase> Topic<T> topic(Sample<T> s, String direction) {
    return s.topic().named("it.python." + direction + "." + s.topic().name());
  }

  /** Runs the script with {@code input} lines in a file; returns the lines of its output file. */
  /** Each sample's schema, self-contained, as {@code <RecordClass>.avsc}. */
  private Path schemaDir() throws IOException {
    Path avsc = Files.createDirectories(dir.resolve("avsc"));
    for (Sample<?> sample : SampleRecords.everyTopic()) {
      Files.writeString(
          avsc.resolve(sample.record().getClass().getSimpleName() + ".avsc"),
          sample.record().getSchema().toString(),
          StandardCharsets.UTF_8);
    }
    return avsc;
  }

  private List<String> runScript(String command, List<String> input) throws Exception {
    Path in = Files.write(dir.resolve(command + ".in"), input, StandardCharsets.UTF_8);
    Path out = dir.resolve(command + ".out");
    Path err = dir.resolve(command + ".err");
    Process process =
        new ProcessBuilder(
                PYTHON.toString(),
                script().toString(),
                command,
                "--registry",
                registry.url(),
                "--avsc-dir",
                schemaDir().toString(),
                "--in",
                in.toString(),
                "--out",
                out.toString())
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean done = process.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    String stderr = Files.readString(err);
    assertThat(done && process.exitValue() == 0)
        .as("%s %s failed:%n%s", script().getFileName(), command, stderr)
        .isTrue();
    System.out.println("Python cross-check " + command + ": " + stderr.strip());
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  /** Why Confluent's Python serdes cannot run here, or null when they can. */
  private static String pythonClientProblem() throws IOException, InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " is missing";
    }
    Process check =
        new ProcessBuilder(PYTHON.toString(), script().toString(), "check")
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
      return "Confluent's Python Avro serdes do not load (" + output.strip() + ")";
    }
    return null;
  }

  private static Path script() {
    return moduleDir().resolve("src/test/python/confluent_crosscheck.py");
  }

  private static Path moduleDir() {
    String root = System.getProperty("croupier.project.root");
    return root == null ? Path.of("").toAbsolutePath() : Path.of(root, "schemas");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static byte[] body(byte[] wire) {
    return Arrays.copyOfRange(wire, WireFormat.HEADER_LENGTH, wire.length);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
