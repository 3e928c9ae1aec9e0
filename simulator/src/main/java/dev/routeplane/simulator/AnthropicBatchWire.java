package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Anthropic's Message Batches API: {@code POST /v1/messages/batches}, {@code GET /v1/messages/batches[/{id}]},
 * {@code GET /v1/messages/batches/{id}/results} (JSONL, once ended), {@code POST /v1/messages/batches/{id}/cancel}.
 * A create over the byte limit is refused with 413 {@code request_too_large}, over the request limit or with a bad
 * or repeated custom_id with 400; each request's params are checked when it runs, so a bad one ends
 * {@code errored}.
 */
final class AnthropicBatchWire implements BatchWire {

    private static final String PREFIX = "/v1/messages/batches";
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final BatchBook book;
    private final CallPipeline pipeline;
    private final AnthropicCodec codec = new AnthropicCodec();

    AnthropicBatchWire(BatchBook book, CallPipeline pipeline) {
        this.book = book;
        this.pipeline = pipeline;
    }

    @Override
    public boolean serves(String rest) {
        return rest.equals(PREFIX) || rest.startsWith(PREFIX + "/");
    }

    @Override
    public void handle(HttpExchange ex, Call call) {
        String[] seg = call.rest().substring(PREFIX.length()).split("/"); // "", id?, action?
        String method = call.method();
        String providerId = call.provider().config.id();
        if (seg.length <= 1) {
            if (method.equals("POST")) {
                create(ex, call);
                return;
            }
            if (method.equals("GET")) {
                list(ex, providerId);
                return;
            }
        } else {
            SimBatch b = book.batch(providerId, seg[1]);
            if (b == null) {
                throw new SimError(SimError.Kind.NOT_FOUND, "message_batch_id: not found: " + seg[1], null, null);
            }
            if (method.equals("GET") && seg.length == 2) {
                ResponseWriter.json(ex, 200, OpenAiCodec.bytes(batchJson(b, ex)));
                return;
            }
            if (method.equals("GET") && seg.length == 3 && seg[2].equals("results")) {
                ResponseWriter.bytes(ex, 200, "application/binary", results(b));
                return;
            }
            if (method.equals("POST") && seg.length == 3 && seg[2].equals("cancel")) {
                Instant now = book.now();
                if (b.phaseAt(now).ended()) {
                    throw SimError.invalid("Batch " + b.id + " has ended and can no longer be canceled.", null, null);
                }
                if (b.cancelRequestedAt == null) {
                    book.cancel(b, now);
                }
                ResponseWriter.json(ex, 200, OpenAiCodec.bytes(batchJson(b, ex)));
                return;
            }
        }
        throw new SimError(SimError.Kind.NOT_FOUND, "Not found: " + method + " " + call.rest(), null, null);
    }

    private void create(HttpExchange ex, Call call) {
        ProviderRuntime p = call.provider();
        BatchApi api = p.config.batchApi();
        if (call.body().length > api.maxBytes()) {
            throw new SimError(
                    SimError.Kind.TOO_LARGE,
                    "Request exceeds the maximum allowed number of bytes (" + api.maxBytes() + ").",
                    null,
                    null);
        }
        JsonNode requests = CallPipeline.parseJson(call.body()).get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw SimError.invalid("requests: at least one request is required", null, "requests");
        }
        if (requests.size() > api.maxRequests()) {
            throw SimError.invalid(
                    "requests: a message batch may contain at most " + api.maxRequests() + " requests, got "
                            + requests.size(),
                    null,
                    "requests");
        }
        Set<String> ids = new HashSet<>();
        List<SimBatch.Line> lines = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            String customId = r.path("custom_id").asText("");
            if (!CUSTOM_ID.matcher(customId).matches()) {
                throw SimError.invalid(
                        "requests." + i + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'",
                        null,
                        "requests");
            }
            if (!ids.add(customId)) {
                throw SimError.invalid(
                        "requests: custom_id '" + customId + "' is used more than once; each must be unique",
                        null,
                        "requests");
            }
            JsonNode params = r.get("params");
            if (params == null || !params.isObject()) {
                throw SimError.invalid("requests." + i + ".params: Field required", null, "requests");
            }
            lines.add(pipeline.batchLine(p, customId, params.path("model").asText(""), OpenAiCodec.bytes(params)));
        }
        SimBatch batch = new SimBatch(
                "msgbatch_" + WireText.randomHex().substring(0, 24),
                p.config.id(),
                book.now(),
                api,
                null,
                null,
                Map.of(),
                call.keyFingerprint(),
                lines,
                List.of());
        book.add(batch);
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(batchJson(batch, ex)));
    }

    private void list(HttpExchange ex, String providerId) {
        Map<String, String> query = WireText.query(ex.getRequestURI().getRawQuery());
        int limit = Math.max(1, Math.min(1000, WireText.intOr(query.get("limit"), 20)));
        String after = query.get("after_id");
        List<SimBatch> all = book.list(providerId);
        int from = 0;
        for (int i = 0; after != null && i < all.size(); i++) {
            if (all.get(i).id.equals(after)) {
                from = i + 1;
            }
        }
        List<SimBatch> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
        ObjectNode root = WireText.MAPPER.createObjectNode();
        ArrayNode data = root.putArray("data");
        page.forEach(b -> data.add(batchJson(b, ex)));
        root.put("has_more", from + page.size() < all.size());
        root.put("first_id", page.isEmpty() ? null : page.get(0).id);
        root.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(root));
    }

    private ObjectNode batchJson(SimBatch b, HttpExchange ex) {
        synchronized (book) {
            Instant now = book.now();
            SimBatch.Phase phase = b.phaseAt(now);
            int done = b.doneAt(now);
            int succeeded = 0;
            int errored = 0;
            for (int i = 0; i < done; i++) {
                if (b.lines.get(i).completion() != null) {
                    succeeded++;
                } else {
                    errored++;
                }
            }
            boolean ended = phase.ended();
            int unfinished = b.lines.size() - done;
            ObjectNode o = WireText.MAPPER.createObjectNode();
            o.put("id", b.id);
            o.put("type", "message_batch");
            o.put(
                    "processing_status",
                    ended ? "ended" : phase == SimBatch.Phase.CANCELLING ? "canceling" : "in_progress");
            o.putObject("request_counts")
                    .put("processing", ended ? 0 : unfinished)
                    .put("succeeded", succeeded)
                    .put("errored", errored)
                    .put("canceled", ended && phase == SimBatch.Phase.CANCELLED ? unfinished : 0)
                    .put("expired", ended && phase == SimBatch.Phase.EXPIRED ? unfinished : 0);
            o.put("ended_at", ended ? b.endedAt(phase).toString() : null);
            o.put("created_at", b.createdAt.toString());
            o.put("expires_at", b.expiresAt.toString());
            o.putNull("archived_at");
            o.put("cancel_initiated_at", b.cancelRequestedAt == null ? null : b.cancelRequestedAt.toString());
            String host = ex.getRequestHeaders().getFirst("Host");
            String base = ex.getRequestURI().getPath();
            String root = base.substring(0, base.indexOf(PREFIX));
            o.put("results_url", ended ? "http://" + host + root + PREFIX + "/" + b.id + "/results" : null);
            return o;
        }
    }

    private byte[] results(SimBatch b) {
        synchronized (book) {
            Instant now = book.now();
            SimBatch.Phase phase = b.phaseAt(now);
            if (!phase.ended()) {
                throw SimError.invalid(
                        "Batch " + b.id + " is still processing; results are available once processing_status is"
                                + " ended.",
                        null,
                        null);
            }
            int done = b.doneAt(now);
            List<ObjectNode> out = new ArrayList<>();
            for (int i = 0; i < b.lines.size(); i++) {
                SimBatch.Line line = b.lines.get(i);
                ObjectNode o = WireText.MAPPER.createObjectNode().put("custom_id", line.customId());
                ObjectNode result = o.putObject("result");
                if (i >= done) {
                    result.put("type", phase == SimBatch.Phase.EXPIRED ? "expired" : "canceled");
                } else if (line.completion() != null) {
                    result.put("type", "succeeded");
                    result.set(
                            "message",
                            WireText.tree(
                                    codec.completion(line.callId(), b.dueAt(i), line.model(), line.completion())));
                } else {
                    result.put("type", "errored");
                    result.set("error", WireText.tree(codec.error(line.error())));
                }
                out.add(o);
            }
            return OpenAiBatchWire.jsonl(out);
        }
    }
}
