package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.time.Instant;

/** One provider API's request parsing, response and error rendering, and headers. Stateless, thread-safe. */
interface WireCodec {

    /** The endpoint below the provider's base URL, e.g. {@code /chat/completions}. */
    String endpoint();

    /** The API key from the request headers, or null when absent or blank. */
    String apiKey(Headers requestHeaders);

    /** The error for a missing key (401). */
    SimError missingKey();

    /** Checks headers other than auth that the API requires; throws {@link SimError} when one is missing. */
    void checkHeaders(Headers requestHeaders);

    /** Parses and validates a request body; throws {@link SimError} for a request the API would refuse. */
    SimRequest parse(JsonNode body);

    /** Whether the API requires {@code max_tokens} (then the context check uses it, never a default). */
    boolean maxTokensRequired();

    /** The API's context-window error for {@code input} + {@code maxTokens} over {@code window}. */
    SimError contextLengthExceeded(int input, int maxTokens, int window);

    /** The API's error for an unknown model. */
    SimError modelNotFound(String model);

    /** A fresh, unique response id in the API's style. */
    String newCallId();

    byte[] completion(String callId, Instant created, String model, SimCompletion completion);

    int status(SimError error);

    byte[] error(SimError error);

    /** Adds the API's rate-limit headers for the current window state. */
    void rateLimitHeaders(Headers responseHeaders, RateWindow.Decision decision, Instant now);

    /** Name of the header carrying a request id. */
    String requestIdHeader();
}
