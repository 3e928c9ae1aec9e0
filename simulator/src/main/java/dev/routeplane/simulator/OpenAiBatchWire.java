package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's Files and Batch APIs: {@code POST /v1/files} (multipart, purpose {@code batch}), {@code GET
 * /v1/files/{id}}, {@code GET /v1/files/{id}/content}, {@code POST /v1/batches}, {@code GET /v1/batches/{id}},
 * {@code POST /v1/batches/{id}/cancel}, {@code GET /v1/batches}. An input file whose lines are malformed, mix
 * models, repeat a custom_id or exceed the request limit fails validation (status {@code failed} with
 * {@code errors.data}); an upload over the byte limit is refused with 400.
 */
final class OpenAiBatchWire implements BatchWire {

    static final String ENDPOINT = "/v1/chat/completions";

    private final BatchBook book;
    private final CallPipeline pipeline;
    private final OpenAiCodec codec = new OpenAiCodec();

    OpenAiBatchWire(BatchBook book, CallPipeline pipeline) {
        this.book = book;
        this.pipeline = pipeline;
    }

    @Override
    public boolean serves(String rest) {
        return rest.equals("/v1/files")
                || rest.startsWith("/v1/files/")
                || rest.equals("/v1/batches")
                || rest.startsWith("/v1/batches/");
    }

    @Override
    public void handle(HttpExchange ex, Call call) {
        String[] seg = call.rest().substring(1).split("/"); // v1, files|batches, id?, action?
        String method = call.method();
        if (seg[1].equals("files")) {
            if (method.equals("POST") && seg.length == 2) {
                upload(ex, call);
                return;
            }
            if (method.equals("GET") && seg.length >= 3) {
                SimFile f = book.file(call.provider().config.id(), seg[2]);
                if (f == null) {
                    throw new SimError(SimError.Kind.NOT_FOUND, "No such File object: " + seg[2], null, "id");
                }
                if (seg.length == 3) {
                    ResponseWriter.json(ex, 200, OpenAiCodec.bytes(fileJson(f)));
                    return;
                }
                if (seg.length == 4 && seg[3].equals("content")) {
                    ResponseWriter.bytes(ex, 200, "application/octet-stream", f.content());
                    return;
                }
            }
        } else {
            if (method.equals("POST") && seg.length == 2) {
                create(ex, call);
                return;
            }
            if (method.equals("GET") && seg.length == 2) {
                list(ex, call);
                return;
            }
            if (seg.length >= 3) {
                SimBatch b = book.batch(call.provider().config.id(), seg[2]);
                if (b == null) {
                    throw new SimError(SimError.Kind.NOT_FOUND, "No batch found with id '" + seg[2] + "'.", null, null);
                }
                if (method.equals("GET") && seg.length == 3) {
                    ResponseWriter.json(ex, 200, OpenAiCodec.bytes(batchJson(b)));
                    return;
                }
                if (method.equals("POST") && seg.length == 4 && seg[3].equals("cancel")) {
                    cancel(ex, b);
                    return;
                }
            }
        }
        throw new SimError(
                SimError.Kind.NOT_FOUND, "Invalid URL (" + method + " " + call.rest() + ")", "unknown_url", null);
    }

    private void upload(HttpExchange ex, Call call) {
        BatchApi api = call.provider().config.batchApi();
        Map<String, MultipartForm.Part> form =
                MultipartForm.parse(ex.getRequestHeaders().getFirst("Content-Type"), call.body());
        MultipartForm.Part purpose = form.get("purpose");
        if (purpose == null || !purpose.text().equals("batch")) {
            throw SimError.invalid(
                    "'purpose' must be 'batch' for a batch input file, got "
                            + (purpose == null ? "none" : "'" + purpose.text() + "'"),
                    "invalid_value",
                    "purpose");
        }
        MultipartForm.Part file = form.get("file");
        if (file == null) {
            throw SimError.invalid("'file' is a required property", "missing_required_parameter", "file");
        }
        if (file.content().length > api.maxBytes()) {
            throw new SimError(
                    SimError.Kind.TOO_LARGE,
                    "File is too large: " + file.content().length + " bytes; a batch input file may be at most "
                            + api.maxBytes() + " bytes.",
                    "file_too_large",
                    "file");
        }
        SimFile f = book.addFile(new SimFile(
                "file-" + WireText.randomHex().substring(0, 24),
                call.provider().config.id(),
                file.filename() == null ? "upload.jsonl" : file.filename(),
                "batch",
                file.content(),
                book.now()));
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(fileJson(f)));
    }

    private void create(HttpExchange ex, Call call) {
        ProviderRuntime p = call.provider();
        JsonNode req = CallPipeline.parseJson(call.body());
        String inputFileId = req.path("input_file_id").asText("");
        if (inputFileId.isEmpty()) {
            throw SimError.invalid(
                    "Missing required parameter: 'input_file_id'.", "missing_required_parameter", "input_file_id");
        }
        String endpoint = req.path("endpoint").asText("");
        if (!endpoint.equals(ENDPOINT)) {
            throw SimError.invalid(
                    "Invalid value for 'endpoint': '" + endpoint + "'; the simulator batches " + ENDPOINT + " only.",
                    "invalid_value",
                    "endpoint");
        }
        String window = req.path("completion_window").asText("");
        if (!window.equals("24h")) {
            throw SimError.invalid(
                    "Invalid value for 'completion_window': '" + window + "'. Supported values are: '24h'.",
                    "invalid_value",
                    "completion_window");
        }
        SimFile input = book.file(p.config.id(), inputFileId);
        if (input == null) {
            throw new SimError(SimError.Kind.NOT_FOUND, "No such File object: " + inputFileId, null, "input_file_id");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        req.path("metadata")
                .fields()
                .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        List<SimBatch.Problem> problems = new ArrayList<>();
        List<SimBatch.Line> lines = readInput(p, input, problems);
        if (p.batchFailure()) {
            problems.add(new SimBatch.Problem(
                    "server_error", "The batch failed on the provider's side (simulated batch failure).", null, null));
        }
        SimBatch batch = new SimBatch(
                "batch_" + WireText.randomHex(),
                p.config.id(),
                book.now(),
                p.config.batchApi(),
                inputFileId,
                window,
                metadata,
                call.keyFingerprint(),
                problems.isEmpty() ? lines : List.of(),
                problems);
        book.add(batch);
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(batchJson(book.batch(p.config.id(), batch.id))));
    }

    /** Validates the input file line by line and answers every valid line; problems end up on the batch. */
    private List<SimBatch.Line> readInput(ProviderRuntime p, SimFile input, List<SimBatch.Problem> problems) {
        BatchApi api = p.config.batchApi();
        String[] raw = new String(input.content(), StandardCharsets.UTF_8).split("\n");
        List<SimBatch.Line> lines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String firstModel = null;
        int count = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].isBlank()) {
                continue;
            }
            count++;
            int lineNo = i + 1;
            JsonNode line;
            try {
                line = WireText.MAPPER.readTree(raw[i]);
            } catch (IOException e) {
                problems.add(new SimBatch.Problem(
                        "invalid_json_line", "This line is not parseable as valid JSON.", null, lineNo));
                continue;
            }
            String customId = line.path("custom_id").asText("");
            if (customId.isEmpty()) {
                problems.add(new SimBatch.Problem(
                        "missing_required_parameter", "Missing 'custom_id'.", "custom_id", lineNo));
                continue;
            }
            if (!ids.add(customId)) {
                problems.add(new SimBatch.Problem(
                        "duplicate_custom_id",
                        "The custom_id '" + customId + "' is used more than once; custom_ids must be unique.",
                        "custom_id",
                        lineNo));
                continue;
            }
            if (!line.path("method").asText("").equals("POST")
                    || !line.path("url").asText("").equals(ENDPOINT)) {
                problems.add(new SimBatch.Problem(
                        "invalid_url",
                        "The line must POST to " + ENDPOINT + ", as the batch's endpoint says.",
                        "url",
                        lineNo));
                continue;
            }
            JsonNode body = line.get("body");
            if (body == null || !body.isObject()) {
                problems.add(new SimBatch.Problem("invalid_request", "'body' must be a JSON object.", "body", lineNo));
                continue;
            }
            String model = body.path("model").asText("");
            if (firstModel == null) {
                firstModel = model;
            } else if (!firstModel.equals(model)) {
                problems.add(new SimBatch.Problem(
                        "mismatched_model",
                        "All requests of a batch must use the same model; line " + lineNo + " uses '" + model
                                + "', the first line '" + firstModel + "'.",
                        "body.model",
                        lineNo));
                continue;
            }
            lines.add(pipeline.batchLine(p, customId, model, OpenAiCodec.bytes(body)));
        }
        if (count == 0) {
            problems.add(new SimBatch.Problem("empty_file", "The input file has no requests.", null, null));
        }
        if (count > api.maxRequests()) {
            problems.add(new SimBatch.Problem(
                    "too_many_requests",
                    "The input file has " + count + " requests; a batch may hold at most " + api.maxRequests() + ".",
                    null,
                    null));
        }
        return lines;
    }

    private void cancel(HttpExchange ex, SimBatch b) {
        Instant now = book.now();
        SimBatch.Phase phase = b.phaseAt(now);
        if (phase.ended() || phase == SimBatch.Phase.CANCELLING || phase == SimBatch.Phase.FINALIZING) {
            throw SimError.invalid("Cannot cancel a batch with status '" + status(phase) + "'.", "invalid_state", null);
        }
        book.cancel(b, now);
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(batchJson(b)));
    }

    private void list(HttpExchange ex, Call call) {
        Map<String, String> query = WireText.query(ex.getRequestURI().getRawQuery());
        int limit = Math.max(1, Math.min(100, WireText.intOr(query.get("limit"), 20)));
        String after = query.get("after");
        List<SimBatch> all = book.list(call.provider().config.id());
        int from = 0;
        if (after != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id.equals(after)) {
                    from = i + 1;
                }
            }
        }
        List<SimBatch> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
        ObjectNode root = WireText.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        page.forEach(b -> data.add(batchJson(b)));
        root.put("first_id", page.isEmpty() ? null : page.get(0).id);
        root.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
        root.put("has_more", from + page.size() < all.size());
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(root));
    }

    /** The batch object at now; an ended batch gets its output and error files the first time it is shown. */
    private ObjectNode batchJson(SimBatch b) {
        synchronized (book) {
            return batchJsonLocked(b);
        }
    }

    private ObjectNode batchJsonLocked(SimBatch b) {
        Instant now = book.now();
        SimBatch.Phase phase = b.phaseAt(now);
        int done = b.doneAt(now);
        if (phase.ended() && phase != SimBatch.Phase.FAILED) {
            writeFiles(b, phase, done);
        }
        ObjectNode o = WireText.MAPPER.createObjectNode();
        o.put("id", b.id);
        o.put("object", "batch");
        o.put("endpoint", ENDPOINT);
        if (b.problems.isEmpty()) {
            o.putNull("errors");
        } else {
            ObjectNode errors = o.putObject("errors").put("object", "list");
            ArrayNode data = errors.putArray("data");
            for (SimBatch.Problem pr : b.problems) {
                data.addObject()
                        .put("code", pr.code())
                        .put("message", pr.message())
                        .put("param", pr.param())
                        .put("line", pr.line());
            }
        }
        o.put("input_file_id", b.inputFileId);
        o.put("completion_window", b.completionWindow);
        o.put("status", status(phase));
        o.put("output_file_id", b.outputFileId);
        o.put("error_file_id", b.errorFileId);
        o.put("created_at", b.createdAt.getEpochSecond());
        boolean failed = phase == SimBatch.Phase.FAILED;
        epoch(o, "in_progress_at", failed || phase == SimBatch.Phase.VALIDATING ? null : b.createdAt);
        o.put("expires_at", b.expiresAt.getEpochSecond());
        epoch(
                o,
                "finalizing_at",
                phase == SimBatch.Phase.FINALIZING || phase == SimBatch.Phase.COMPLETED ? b.finalizingAt() : null);
        epoch(o, "completed_at", phase == SimBatch.Phase.COMPLETED ? b.endedAt(phase) : null);
        epoch(o, "failed_at", failed ? b.endedAt(phase) : null);
        epoch(o, "expired_at", phase == SimBatch.Phase.EXPIRED ? b.endedAt(phase) : null);
        epoch(o, "cancelling_at", b.cancelRequestedAt);
        epoch(o, "cancelled_at", phase == SimBatch.Phase.CANCELLED ? b.endedAt(phase) : null);
        int succeeded = 0;
        int refused = 0;
        for (int i = 0; i < done; i++) {
            if (b.lines.get(i).completion() != null) {
                succeeded++;
            } else {
                refused++;
            }
        }
        int unfinished = phase.ended() ? b.lines.size() - done : 0;
        o.putObject("request_counts")
                .put("total", b.lines.size())
                .put("completed", succeeded)
                .put("failed", refused + unfinished);
        ObjectNode meta = o.putObject("metadata");
        b.metadata.forEach(meta::put);
        return o;
    }

    /** Writes the output and error files of an ended batch, once. Caller holds the book's lock. */
    private void writeFiles(SimBatch b, SimBatch.Phase phase, int done) {
        if (b.filesWritten) {
            return;
        }
        b.filesWritten = true;
        List<ObjectNode> output = new ArrayList<>();
        List<ObjectNode> errors = new ArrayList<>();
        for (int i = 0; i < b.lines.size(); i++) {
            SimBatch.Line line = b.lines.get(i);
            ObjectNode o = WireText.MAPPER.createObjectNode();
            o.put("id", "batch_req_" + WireText.randomHex());
            o.put("custom_id", line.customId());
            if (i < done) {
                ObjectNode response = o.putObject("response");
                response.put("request_id", "req_" + WireText.randomHex().substring(0, 24));
                if (line.completion() != null) {
                    response.put("status_code", 200);
                    response.set(
                            "body",
                            WireText.tree(
                                    codec.completion(line.callId(), b.dueAt(i), line.model(), line.completion())));
                    o.putNull("error");
                    output.add(o);
                } else {
                    response.put("status_code", codec.status(line.error()));
                    response.set("body", WireText.tree(codec.error(line.error())));
                    o.putNull("error");
                    errors.add(o);
                }
            } else {
                boolean expired = phase == SimBatch.Phase.EXPIRED;
                o.putNull("response");
                o.putObject("error")
                        .put("code", expired ? "batch_expired" : "batch_cancelled")
                        .put(
                                "message",
                                expired
                                        ? "This request could not be executed before the completion window expired."
                                        : "This request was not executed because the batch was cancelled.");
                errors.add(o);
            }
        }
        Instant at = b.endedAt(phase);
        b.outputFileId = output.isEmpty() ? null : resultFile(b, "_output.jsonl", output, at);
        b.errorFileId = errors.isEmpty() ? null : resultFile(b, "_error.jsonl", errors, at);
    }

    private String resultFile(SimBatch b, String suffix, List<ObjectNode> lines, Instant at) {
        return book.addFile(new SimFile(
                        "file-" + WireText.randomHex().substring(0, 24),
                        b.providerId,
                        b.id + suffix,
                        "batch_output",
                        jsonl(lines),
                        at))
                .id();
    }

    static String status(SimBatch.Phase phase) {
        return phase.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void epoch(ObjectNode o, String field, Instant at) {
        if (at == null) {
            o.putNull(field);
        } else {
            o.put(field, at.getEpochSecond());
        }
    }

    private static ObjectNode fileJson(SimFile f) {
        ObjectNode o = WireText.MAPPER.createObjectNode();
        o.put("id", f.id());
        o.put("object", "file");
        o.put("bytes", f.content().length);
        o.put("created_at", f.createdAt().getEpochSecond());
        o.put("filename", f.filename());
        o.put("purpose", f.purpose());
        o.put("status", "processed");
        o.putNull("status_details");
        return o;
    }

    static byte[] jsonl(List<ObjectNode> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ObjectNode l : lines) {
            byte[] b = OpenAiCodec.bytes(l);
            out.write(b, 0, b.length);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
