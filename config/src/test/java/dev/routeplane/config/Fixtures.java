package dev.routeplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The minimal valid file and helpers to derive broken variants from it. */
final class Fixtures {
    static final String SOURCE = "routeplane.yaml";

    private Fixtures() {}

    static String minimal() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/minimal.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The minimal file with one snippet replaced; fails if the snippet is not there exactly once. */
    static String minimalWith(String snippet, String replacement) {
        return replaceOnce(minimal(), snippet, replacement);
    }

    static String replaceOnce(String text, String snippet, String replacement) {
        int first = text.indexOf(snippet);
        assertThat(first).as("snippet %s is in the fixture", snippet).isNotNegative();
        assertThat(text.indexOf(snippet, first + 1))
                .as("snippet %s is unique", snippet)
                .isNegative();
        return text.substring(0, first) + replacement + text.substring(first + snippet.length());
    }

    /** The error lines loading {@code yaml} produces; fails if it loads. */
    static List<String> errorLines(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RouteplaneConfig.parse(yaml, SOURCE));
        assertThat(e).as("loading fails").isNotNull();
        return List.of(e.getMessage().split("\n"));
    }
}
