package dev.routeplane.api.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** JSON reading and writing shared by the API: one strict mapper, atomic metadata files. */
public final class Json {
    /** Duplicate keys and trailing text are errors; decimals stay exact (maxCostUsd). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_ECHO = 100;

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Writes {@code json} to {@code file} through a temporary sibling, so a crash never leaves half a file. */
    public static void writeAtomically(Path file, JsonNode json) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, MAPPER.writeValueAsBytes(json));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static ObjectNode readObject(Path file) throws IOException {
        JsonNode node = MAPPER.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException(file + " does not hold a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A client-supplied value cut to a length fit for an error message. */
    public static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
