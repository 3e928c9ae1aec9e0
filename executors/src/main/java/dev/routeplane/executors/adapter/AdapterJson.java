package dev.routeplane.executors.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** JSON helpers shared by the adapters; one thread-safe mapper. */
public final class AdapterJson {
    /** Thread-safe once configured; never reconfigured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private AdapterJson() {}

    /** Parses a JSON object, or returns null when the bytes are not one (cut off, HTML, empty). */
    public static ObjectNode objectOrNull(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses JSON text into a node, or null when it is not valid JSON. */
    public static JsonNode treeOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Serialises a node to bytes. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** A short, key-free excerpt of a provider error message for exception text. */
    public static String excerpt(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
