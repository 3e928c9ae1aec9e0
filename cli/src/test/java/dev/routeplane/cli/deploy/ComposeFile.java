package dev.routeplane.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads docker-compose files as Docker Compose does, for the tests that check them: YAML anchors and aliases
 * resolved (Jackson's YAML tree keeps an alias unresolved), and {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR:?message}} and {@code $$} interpolated from a given environment.
 */
final class ComposeFile {
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}");

    private ComposeFile() {}

    /** The directory holding docker-compose.yml: this one or the nearest above. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docker-compose.yml in " + Path.of("").toAbsolutePath() + " or above");
        }
        return dir;
    }

    /** The file as a tree, aliases resolved, nothing interpolated. */
    static JsonNode read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object document = new Yaml().load(reader);
            return new ObjectMapper().valueToTree(document);
        }
    }

    /**
     * {@code text} with every variable replaced from {@code environment} (null for unset) as Compose does; a
     * {@code ${VAR:?message}} whose variable is unset or empty fails with the message, as Compose refuses to start.
     */
    static String interpolate(String text, Function<String, String> environment) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = environment.apply(m.group(1));
                boolean empty = value == null || value.isEmpty();
                if ("-".equals(m.group(2))) {
                    replacement = empty ? m.group(3) : value;
                } else if ("?".equals(m.group(2))) {
                    if (empty) {
                        throw new IllegalArgumentException(
                                "required variable " + m.group(1) + " is missing a value: " + m.group(3));
                    }
                    replacement = value;
                } else {
                    replacement = value == null ? "" : value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The strings of a YAML sequence; empty for a missing node. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> out.add(node.asText()));
        }
        return out;
    }
}
