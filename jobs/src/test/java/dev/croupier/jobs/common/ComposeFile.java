package dev.croupier.jobs.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} as Compose reads it: YAML anchors and merge keys ({@code <<: *flink})
 * resolved, so each service carries what it inherits. Offers what the deployment tests check:
 * services, their dependencies, bind mounts, and where a path inside a container comes from.
 */
record ComposeFile(Path file, JsonNode json) {

  /** A bind mount {@code ./host:/container[:ro]} of a service. */
  record Mount(String service, Path host, String container) {}

  static ComposeFile read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return new ComposeFile(file, new ObjectMapper().valueToTree(yaml));
    }
  }

  JsonNode services() {
    return json.path("services");
  }

  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    services().fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The services {@code service} depends on, in either of Compose's two forms. */
  List<String> dependencies(String service) {
    JsonNode deps = services().path(service).path("depends_on");
    List<String> out = new ArrayList<>();
    if (deps.isArray()) {
      deps.forEach(d -> out.add(d.asText()));
    } else {
      deps.fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  /** Every bind mount of every service (named volumes are not files of the repository). */
  List<Mount> bindMounts() {
    List<Mount> out = new ArrayList<>();
    for (Iterator<String> it = services().fieldNames(); it.hasNext(); ) {
      String service = it.next();
      for (JsonNode v : services().path(service).path("volumes")) {
        String[] parts = v.asText().split(":");
        if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
          out.add(
              new Mount(
                  service,
                  file.toAbsolutePath().getParent().resolve(parts[0]).normalize(),
                  parts[1]));
        }
      }
    }
    return out;
  }

  /** The named volumes a service mounts. */
  List<String> namedVolumes(String service) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : services().path(service).path("volumes")) {
      String source = v.asText().split(":")[0];
      if (!source.startsWith(".") && !source.startsWith("/")) {
        out.add(source);
      }
    }
    return out;
  }

  /** The host file behind {@code containerPath} in {@code service}, through its bind mounts. */
  Optional<Path> hostPath(String service, String containerPath) {
    return bindMounts().stream()
        .filter(m -> m.service().equals(service))
        .filter(
            m ->
                containerPath.equals(m.container())
                    || containerPath.startsWith(m.container() + "/"))
        .max(Comparator.comparingInt(m -> m.container().length()))
        .map(
            m ->
                m.host()
                    .resolve(
                        containerPath.substring(m.container().length()).replaceFirst("^/", "")));
  }
}
