package dev.routeplane.executors.adapter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The recorded batch API shapes under {@code fixtures/batch/} (see its README). */
public final class BatchFixtures {
    private BatchFixtures() {}

    /** The body of a recorded response, e.g. {@code openai/batch-completed.json}. */
    public static ObjectNode body(String name) {
        return (ObjectNode) AdapterJson.objectOrNull(raw(name)).get("body");
    }

    /** The lines of a recorded result file, e.g. {@code openai/output.jsonl}. */
    public static List<String> lines(String name) {
        return Arrays.stream(new String(raw(name), StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank())
                .toList();
    }

    private static byte[] raw(String name) {
        try (InputStream in = BatchFixtures.class.getResourceAsStream("/fixtures/batch/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture fixtures/batch/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
