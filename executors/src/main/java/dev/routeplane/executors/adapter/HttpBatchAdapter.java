package dev.routeplane.executors.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.BatchLineResult;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderBatchAdapter;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.RateLimitSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The shared base of batch adapters: blocking JSON-over-HTTP with the synchronous adapter's manifest (auth and
 * static headers), request mapping, completion mapping and error classification, so a provider's batch lines are
 * built and read exactly like its synchronous calls.
 */
public abstract class HttpBatchAdapter implements ProviderBatchAdapter {

    /** Per HTTP exchange; generous, as an upload of a large batch input takes a while. */
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofMinutes(5);

    protected final JsonHttpAdapter sync;
    private final HttpClient http;
    private final Clock clock;

    protected HttpBatchAdapter(JsonHttpAdapter sync, HttpClient http, Clock clock) {
        this.sync = sync;
        this.http = http;
        this.clock = clock;
    }

    /** {@code path} below the provider's API root (its base URL with {@code /v1}). */
    protected abstract URI uri(String path);

    /** A rate-limit snapshot for result lines, which carry no headers. */
    protected RateLimitSnapshot noHeaders() {
        return RateLimitSnapshot.unknown(clock.instant());
    }

    /** Sends and returns the 2xx body as a JSON object; throws the classified error otherwise. */
    protected ObjectNode json(HttpRequest.Builder request, ApiKey key) {
        byte[] body = bytes(request, key);
        ObjectNode json = AdapterJson.objectOrNull(body);
        if (json == null) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.MALFORMED_RESPONSE,
                    200,
                    null,
                    "batch API answered 2xx with a body that is not a JSON object (" + body.length + " bytes)");
        }
        return json;
    }

    /** Sends and returns the 2xx body; throws the classified error otherwise. */
    protected byte[] bytes(HttpRequest.Builder request, ApiKey key) {
        request.timeout(EXCHANGE_TIMEOUT);
        for (Map.Entry<String, String> h : sync.manifest().staticHeaders().entrySet()) {
            request.header(h.getKey(), h.getValue());
        }
        if (key != null) {
            request.header(sync.manifest().authHeader(), sync.manifest().authPrefix() + key.reveal());
        }
        HttpRequest built = request.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.TIMEOUT,
                    0,
                    null,
                    "batch API gave no answer within " + EXCHANGE_TIMEOUT.toSeconds() + " s: " + built.method() + " "
                            + built.uri().getPath());
        } catch (IOException e) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.SERVER_ERROR,
                    0,
                    null,
                    "batch API connection failed: " + e.getClass().getSimpleName() + " on " + built.method() + " "
                            + built.uri().getPath());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE, ProviderCallException.SERVER_ERROR, 0, null, "interrupted");
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw sync.classifyError(status, AdapterJson.objectOrNull(response.body()), noHeaders());
        }
        return response.body();
    }

    /** Reads one result line into its outcome; {@code line} has a custom_id (checked by {@link #readLines}). */
    protected abstract BatchLineResult line(String customId, JsonNode line);

    /** Downloads a JSONL result file and reads each line. */
    protected List<BatchLineResult> readLines(URI resultFile, ApiKey key, List<BatchLineResult> into) {
        String content = new String(bytes(get(resultFile), key), StandardCharsets.UTF_8);
        for (String text : content.split("\n")) {
            if (!text.isBlank()) {
                into.add(line(text));
            }
        }
        return into;
    }

    /** One result line as text, as it appears in a result file (the contract tests feed fixtures through here). */
    public BatchLineResult line(String text) {
        JsonNode line = AdapterJson.treeOrNull(text);
        if (line == null || !line.hasNonNull("custom_id")) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.MALFORMED_RESPONSE,
                    200,
                    null,
                    "a batch result line is not JSON with a custom_id: " + AdapterJson.excerpt(text));
        }
        return line(line.get("custom_id").asText(), line);
    }

    /** Fails unless the batch has ended, as results exist only then. */
    protected static void requireEnded(ProviderBatchStatus status) {
        if (!status.ended()) {
            throw new IllegalArgumentException(
                    "batch " + status.batchId() + " has not ended: " + status.providerStatus());
        }
    }

    /** Fails on an empty batch, which neither API accepts. */
    protected static void requireLines(List<?> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a provider batch needs at least one line");
        }
    }

    /** A JSON POST to {@code uri}. */
    protected static HttpRequest.Builder postJson(URI uri, ObjectNode body) {
        return HttpRequest.newBuilder(uri)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AdapterJson.bytes(body)));
    }

    protected static HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    /** The API root: the base URL ending in {@code /v1}, whichever way it was configured. */
    protected static String apiRoot(URI baseUrl) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return base.endsWith("/v1") ? base : base + "/v1";
    }
}
