package dev.routeplane.executors.adapter;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The static facts of one provider API: where to send, which path, which headers always go along, and how the key
 * is presented. OpenAI-compatible providers differ only in their base URL, so they share one manifest shape.
 *
 * @param baseUrl       API base, e.g. {@code https://api.openai.com/v1}
 * @param endpointPath  appended to the base, e.g. {@code chat/completions}
 * @param staticHeaders sent on every call (e.g. {@code anthropic-version})
 * @param authHeader    header carrying the key (e.g. {@code Authorization}, {@code x-api-key})
 * @param authPrefix    put before the key (e.g. {@code "Bearer "}, or empty)
 */
public record AdapterManifest(
        URI baseUrl, String endpointPath, Map<String, String> staticHeaders, String authHeader, String authPrefix) {
    public AdapterManifest {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(endpointPath, "endpointPath");
        staticHeaders = Map.copyOf(staticHeaders);
        Objects.requireNonNull(authHeader, "authHeader");
        Objects.requireNonNull(authPrefix, "authPrefix");
    }

    /** The full endpoint URI: base URL and path joined with exactly one slash. */
    public URI endpoint() {
        String base = baseUrl.toString();
        String path = endpointPath.startsWith("/") ? endpointPath.substring(1) : endpointPath;
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }
}
