package dev.routeplane.executors.adapter.openai;

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
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OpenAI's Batch API, and that of OpenAI-compatible providers offering it: the lines are written as a JSONL input
 * file, uploaded to {@code /v1/files} (purpose {@code batch}), and a batch of {@code /v1/chat/completions} with a
 * 24 h window is created; results are read from the output and error files. One model per batch, as OpenAI requires.
 */
public final class OpenAiBatchAdapter extends HttpBatchAdapter {

    static final String ENDPOINT = "/v1/chat/completions";

    private final String root;

    public OpenAiBatchAdapter(URI baseUrl, HttpClient http, Clock clock) {
        super(new OpenAiCompatibleAdapter(baseUrl, http, clock), http, clock);
        this.root = apiRoot(baseUrl);
    }

    @Override
    protected URI uri(String path) {
        return URI.create(root + path);
    }

    @Override
    public ProviderBatchStatus submit(List<BatchLine> lines, ApiKey key, Map<String, String> metadata) {
        requireLines(lines);
        String model = lines.get(0).call().model();
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        for (BatchLine line : lines) {
            if (!line.call().model().equals(model)) {
                throw new IllegalArgumentException("an OpenAI batch takes one model; line " + line.customId() + " asks "
                        + line.call().model() + ", the first line " + model);
            }
            ObjectNode l = AdapterJson.MAPPER.createObjectNode();
            l.put("custom_id", line.customId());
            l.put("method", "POST");
            l.put("url", ENDPOINT);
            l.set("body", sync.mapRequest(line.call()));
            jsonl.writeBytes(AdapterJson.bytes(l));
            jsonl.write('\n');
        }
        String fileId = upload(jsonl.toByteArray(), key);
        ObjectNode create = AdapterJson.MAPPER.createObjectNode();
        create.put("input_file_id", fileId);
        create.put("endpoint", ENDPOINT);
        create.put("completion_window", "24h");
        ObjectNode meta = create.putObject("metadata");
        metadata.forEach(meta::put);
        return status(json(postJson(uri("/batches"), create), key));
    }

    private String upload(byte[] jsonl, ApiKey key) {
        String boundary = "routeplane-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"routeplane-batch.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/files"))
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return json(request, key).path("id").asText();
    }

    @Override
    public ProviderBatchStatus poll(String batchId, ApiKey key) {
        return status(json(get(uri("/batches/" + batchId)), key));
    }

    @Override
    public ProviderBatchStatus cancel(String batchId, ApiKey key) {
        return status(
                json(postJson(uri("/batches/" + batchId + "/cancel"), AdapterJson.MAPPER.createObjectNode()), key));
    }

    @Override
    public List<BatchLineResult> results(ProviderBatchStatus ended, ApiKey key) {
        requireEnded(ended);
        List<BatchLineResult> out = new ArrayList<>();
        for (String fileId : ended.resultsRef().split(",", -1)) {
            if (!fileId.isEmpty()) {
                readLines(uri("/files/" + fileId + "/content"), key, out);
            }
        }
        return out;
    }

    @Override
    protected BatchLineResult line(String customId, JsonNode line) {
        JsonNode response = line.path("response");
        if (response.isObject()) {
            int status = response.path("status_code").asInt();
            JsonNode body = response.path("body");
            ObjectNode object = body instanceof ObjectNode o ? o : null;
            if (status == 200 && object != null) {
                try {
                    return BatchLineResult.succeeded(customId, sync.mapSuccess(object, noHeaders()));
                } catch (ProviderCallException e) {
                    return BatchLineResult.errored(customId, e);
                }
            }
            return BatchLineResult.errored(customId, sync.classifyError(status, object, noHeaders()));
        }
        String code = line.path("error").path("code").asText("");
        return switch (code) {
            case "batch_expired" -> BatchLineResult.notRun(customId, BatchLineResult.Outcome.EXPIRED);
            case "batch_cancelled" -> BatchLineResult.notRun(customId, BatchLineResult.Outcome.CANCELLED);
            default ->
                BatchLineResult.errored(
                        customId,
                        new ProviderCallException(
                                ErrorKind.RETRYABLE,
                                ProviderCallException.SERVER_ERROR,
                                0,
                                null,
                                "batch line failed: " + code + " "
                                        + AdapterJson.excerpt(line.path("error")
                                                .path("message")
                                                .asText(""))));
        };
    }

    static ProviderBatchStatus status(ObjectNode batch) {
        String status = batch.path("status").asText("");
        ProviderBatchStatus.State state = switch (status) {
            case "validating", "in_progress", "finalizing" -> ProviderBatchStatus.State.IN_PROGRESS;
            case "cancelling" -> ProviderBatchStatus.State.CANCELLING;
            case "completed" -> ProviderBatchStatus.State.COMPLETED;
            case "failed" -> ProviderBatchStatus.State.FAILED;
            case "expired" -> ProviderBatchStatus.State.EXPIRED;
            case "cancelled" -> ProviderBatchStatus.State.CANCELLED;
            default ->
                throw new ProviderCallException(
                        ErrorKind.RETRYABLE,
                        ProviderCallException.MALFORMED_RESPONSE,
                        200,
                        null,
                        "unknown batch status '" + status + "'");
        };
        JsonNode counts = batch.path("request_counts");
        StringBuilder detail = new StringBuilder();
        ArrayNode errors = batch.path("errors").path("data") instanceof ArrayNode a ? a : null;
        if (errors != null) {
            for (JsonNode e : errors) {
                detail.append(detail.length() == 0 ? "" : "; ")
                        .append(e.path("code").asText(""))
                        .append(e.hasNonNull("line") ? " (line " + e.get("line").asInt() + ")" : "")
                        .append(": ")
                        .append(AdapterJson.excerpt(e.path("message").asText("")));
            }
        }
        String output = batch.path("output_file_id").asText("");
        String error = batch.path("error_file_id").asText("");
        return new ProviderBatchStatus(
                batch.path("id").asText(),
                state,
                status,
                counts.path("total").asInt(),
                counts.path("completed").asInt(),
                counts.path("failed").asInt(),
                detail.toString(),
                output.isEmpty() && error.isEmpty() ? "" : output + "," + error);
    }
}
