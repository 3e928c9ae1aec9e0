package dev.routeplane.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.routeplane.config.ConfigError;
import dev.routeplane.config.ConfigException;
import dev.routeplane.config.Lane;
import dev.routeplane.config.Model;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.config.Tenant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns YAML text into a validated {@link RouteplaneConfig}. Reads the generic YAML tree rather than binding
 * to classes, so every value is checked with its exact path and all problems are collected before failing.
 */
public final class ConfigLoader {
    // Floats as BigDecimal, parsed from the YAML text: prices must never pass through a double.
    // Trailing zeros kept, so messages quote values as written ("-2.50") and unquoted versions stay "3.10".
    // Duplicate keys are an error: in a hand-edited file the second silently winning is a classic trap.
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // A second "---" document would otherwise be ignored without a word.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {}

    /**
     * @throws ConfigException listing every problem, each line prefixed with {@code source}
     */
    public static RouteplaneConfig parse(String yamlText, String source) {
        Problems problems = new Problems();
        JsonNode root = readTree(yamlText, problems);
        if (root == null) {
            throw new ConfigException(source, problems.list());
        }
        YamlMap top = YamlMap.of(root, "", problems);
        if (top == null) {
            throw new ConfigException(source, problems.list());
        }
        RouterSettings router = RouterSection.parse(top.child("router", false));
        Parsed<Provider> providers = ProvidersSection.parse(top);
        Parsed<Model> models = ModelsSection.parse(top, providers.declared());
        Parsed<String> aliases = AliasesSection.parse(top, models.declared());
        Set<String> routable = new LinkedHashSet<>(models.declared());
        routable.addAll(aliases.declared());
        List<Lane> lanes = LanesSection.parse(top, routable, models.built(), aliases.built());
        Map<String, Tenant> tenants = TenantsSection.parse(top, providers);
        top.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.list());
        }
        return new RouteplaneConfig(router, providers.built(), models.built(), aliases.built(), lanes, tenants);
    }

    private static JsonNode readTree(String yamlText, Problems problems) {
        try {
            JsonNode root = YAML.readTree(yamlText);
            if (root == null || root.isMissingNode() || root.isNull()) {
                problems.add(
                        "",
                        "the file is empty; start from the documented routeplane.yaml bundled with" + " Routeplane");
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                // SnakeYAML's own message quotes the offending line, which could hold a pasted secret;
                // context and problem name the construct without quoting content.
                Mark mark = yaml.getProblemMark();
                String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
                problems.add(
                        "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1),
                        "not valid YAML: " + context + yaml.getProblem());
            } else {
                problems.add(where(e.getLocation()), syntaxProblem(e));
            }
            return null;
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Only the first line of the parser's message, for the same reason as above. */
    private static String syntaxProblem(JsonProcessingException e) {
        String message =
                e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline).strip();
        return "not valid YAML: " + first;
    }

    /** The single error for a file that cannot be read at all. */
    public static ConfigException unreadable(String source, Exception cause) {
        ConfigException e = new ConfigException(
                source,
                List.of(new ConfigError(
                        "(document)",
                        "cannot read the file (" + cause.getClass().getSimpleName()
                                + "); check the path and permissions")));
        e.initCause(cause);
        return e;
    }
}
