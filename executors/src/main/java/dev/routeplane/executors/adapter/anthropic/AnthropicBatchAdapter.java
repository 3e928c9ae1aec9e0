package dev.routeplane.executors.adapter.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.BatchLineResult;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.adapter.AdapterJson;
import dev.routeplane.executors.adapter.HttpBatchAdapter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Message Batches API: one {@code POST /v1/messages/batches} with every request's params, polled by id,
 * results read as JSONL from {@code /v1/messages/batches/{id}/results} once {@code processing_status} is
 * {@code ended}. The API has no batch-level failure: a batch whose every request errored is reported
 * {@link ProviderBatchStatus.State#COMPLETED} with those errors. Metadata is not kept (the API has none).
 */
public final class AnthropicBatchAdapter extends HttpBatchAdapter {

    private final String root;

    public AnthropicBatchAdapter(URI baseUrl, HttpClient http, Clock clock) {
        super(new AnthropicAdapter(baseUrl, http, clock), http, clock);
        this.root = apiRoot(baseUrl);
    }

    @Override
    protected URI uri(String path) {
        return URI.create(root + "/messages/batches" + path);
    }

    @Override
    public ProviderBatchStatus submit(List<BatchLine> lines, ApiKey key, Map<String, String> metadata) {
        requireLines(lines);
        ObjectNode create = AdapterJson.MAPPER.createObjectNode();
        ArrayNode requests = create.putArray("requests");
        for (BatchLine line : lines) {
            ObjectNode params = sync.mapRequest(line.call());
            params.remove("stream");
            requests.addObject().put("custom_id", line.customId()).set("params", params);
        }
        return status(json(postJson(uri(""), create), key));
    }

    @Override
    public ProviderBatchStatus poll(String batchId, ApiKey key) {
        return status(json(get(uri("/" + batchId)), key));
    }

    @Override
    public ProviderBatchStatus cancel(String batchId, ApiKey key) {
        return status(json(postJson(uri("/" + batchId + "/cancel"), AdapterJson.MAPPER.createObjectNode()), key));
    }

    @Override
    public List<BatchLineResult> results(ProviderBatchStatus ended, ApiKey key) {
        requireEnded(ended);
        // The results URL is the documented place to read them; fall back to the path when it is not given.
        URI results =
                ended.resultsRef().isEmpty() ? uri("/" + ended.batchId() + "/results") : URI.create(ended.resultsRef());
        return readLines(results, key, new ArrayList<>());
    }

    @Override
    protected BatchLineResult line(String customId, JsonNode line) {
        JsonNode result = line.path("result");
        String type = result.path("type").asText("");
        return switch (type) {
            case "succeeded" -> {
                if (result.path("message") instanceof ObjectNode message) {
                    try {
                        yield BatchLineResult.succeeded(customId, sync.mapSuccess(message, noHeaders()));
                    } catch (ProviderCallException e) {
                        yield BatchLineResult.errored(customId, e);
                    }
                }
                yield BatchLineResult.errored(customId, malformed(customId));
            }
            case "errored" -> {
                JsonNode error = result.path("error");
                ObjectNode body = error instanceof ObjectNode o ? o : null;
                yield BatchLineResult.errored(customId, sync.classifyError(statusOf(body), body, noHeaders()));
            }
            case "expired" -> BatchLineResult.notRun(customId, BatchLineResult.Outcome.EXPIRED);
            case "canceled" -> BatchLineResult.notRun(customId, BatchLineResult.Outcome.CANCELLED);
            default -> BatchLineResult.errored(customId, malformed(customId));
        };
    }

    /** The HTTP status a synchronous call would have had for an errored line's error type. */
    private static int statusOf(ObjectNode body) {
        String type = body == null ? "" : body.path("error").path("type").asText("");
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }

    private static ProviderCallException malformed(String customId) {
        return new ProviderCallException(
                ErrorKind.RETRYABLE,
                ProviderCallException.MALFORMED_RESPONSE,
                200,
                null,
                "batch result of " + customId + " has no readable message");
    }

    static ProviderBatchStatus status(ObjectNode batch) {
        String processing = batch.path("processing_status").asText("");
        JsonNode counts = batch.path("request_counts");
        int succeeded = counts.path("succeeded").asInt();
        int errored = counts.path("errored").asInt();
        int canceled = counts.path("canceled").asInt();
        int expired = counts.path("expired").asInt();
        int total = counts.path("processing").asInt() + succeeded + errored + canceled + expired;
        ProviderBatchStatus.State state = switch (processing) {
            case "in_progress" -> ProviderBatchStatus.State.IN_PROGRESS;
            case "canceling" -> ProviderBatchStatus.State.CANCELLING;
            case "ended" ->
                expired > 0
                        ? ProviderBatchStatus.State.EXPIRED
                        : batch.hasNonNull("cancel_initiated_at")
                                ? ProviderBatchStatus.State.CANCELLED
                                : ProviderBatchStatus.State.COMPLETED;
            default ->
                throw new ProviderCallException(
                        ErrorKind.RETRYABLE,
                        ProviderCallException.MALFORMED_RESPONSE,
                        200,
                        null,
                        "unknown processing_status '" + processing + "'");
        };
        return new ProviderBatchStatus(
                batch.path("id").asText(),
                state,
                processing,
                total,
                succeeded,
                errored + canceled + expired,
                "",
                batch.path("results_url").asText(""));
    }
}
