package dev.flinfer.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Reads the deployment files (docker/, k8s/) and the poms they must agree with. */
final class DeploymentFiles {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern ARG = Pattern.compile("(?m)^ARG (\\w+)=(\\S+)$");

    private DeploymentFiles() {}

    /** The repository root: the test runs in jobs/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docker"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String read(String relative) throws IOException {
        return Files.readString(root().resolve(relative));
    }

    /**
     * Every document of a YAML file (k8s files hold several, separated by ---), with anchors and
     * aliases resolved as Docker Compose and kubectl resolve them. SnakeYAML (the parser under
     * jackson-dataformat-yaml) composes the documents: Jackson's YAML tree model leaves an alias
     * empty.
     */
    static List<JsonNode> yaml(String relative) throws IOException {
        List<JsonNode> docs = new java.util.ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(read(relative))) {
            docs.add(YAML.valueToTree(doc));
        }
        return docs;
    }

    /** A property of the root pom, e.g. flink.version. */
    static String pomProperty(String name) throws Exception {
        return pom("pom.xml").getElementsByTagName(name).item(0).getTextContent().trim();
    }

    static Document pom(String relative) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(root().resolve(relative).toFile());
    }

    /** The Dockerfile's ARG defaults (the first one of each name). */
    static Map<String, String> dockerArgs() throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        Matcher m = ARG.matcher(read("docker/Dockerfile"));
        while (m.find()) {
            args.putIfAbsent(m.group(1), m.group(2));
        }
        return args;
    }

    /** Replaces ${NAME} with the Dockerfile's ARG defaults. */
    static String expand(String text, Map<String, String> args) {
        String out = text;
        for (var arg : args.entrySet()) {
            out = out.replace("${" + arg.getKey() + "}", arg.getValue());
        }
        return out;
    }

    /** FLINK_PROPERTIES as the image's docker-entrypoint reads it: "key: value" per line. */
    static Map<String, String> flinkProperties(String text) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            config.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip());
        }
        return config;
    }

    /** The -Dkey=value settings of the Dockerfile's config-parser-utils.sh call. */
    static Map<String, String> dockerConfig() throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"-D([^=\"]+)=([^\"]*)\"").matcher(read("docker/Dockerfile"));
        while (m.find()) {
            config.put(m.group(1), m.group(2));
        }
        return config;
    }

    /** A YAML mapping of scalars as strings (flinkConfiguration). */
    static Map<String, String> strings(JsonNode mapping) {
        Map<String, String> out = new LinkedHashMap<>();
        mapping.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static List<String> list(JsonNode sequence) {
        List<String> out = new java.util.ArrayList<>();
        sequence.forEach(n -> out.add(n.asText()));
        return out;
    }
}
