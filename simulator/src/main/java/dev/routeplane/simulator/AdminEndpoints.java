package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The simulator's own endpoints under {@code /_sim}: health, invoice, call counters, and runtime switches for
 * outages and fault mixes (so a CLI demo can flip them without Java access). Loopback only, no auth.
 */
final class AdminEndpoints {

    private final SimulatorServer server;

    AdminEndpoints(SimulatorServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex, String path) {
        String method = ex.getRequestMethod();
        String query = ex.getRequestURI().getRawQuery();
        try {
            if (method.equals("GET") && path.equals("/_sim/health")) {
                health(ex);
            } else if (method.equals("GET") && path.equals("/_sim/invoice")) {
                boolean lines = query != null && query.matches("(.*&)?lines=true(&.*)?");
                ResponseWriter.json(
                        ex,
                        200,
                        OpenAiCodec.bytes(invoiceJson(
                                server.invoice(), lines, server.config().keepCalls())));
            } else if (method.equals("GET") && path.equals("/_sim/invoice/total")) {
                Invoice inv = server.invoice();
                ResponseWriter.json(
                        ex,
                        200,
                        OpenAiCodec.bytes(WireText.MAPPER
                                .createObjectNode()
                                .put("totalMicros", inv.totalMicros())
                                .put("calls", inv.calls())));
            } else if (method.equals("GET") && path.equals("/_sim/received")) {
                ResponseWriter.json(
                        ex,
                        200,
                        OpenAiCodec.bytes(
                                receivedJson(server.received(), server.config().keepCalls())));
            } else if (method.equals("GET") && path.equals("/_sim/stats")) {
                ResponseWriter.json(ex, 200, OpenAiCodec.bytes(WireText.MAPPER.valueToTree(server.callCounts())));
            } else if (method.equals("POST") && path.matches("/_sim/providers/[^/]+/(outage|faults|batch-failure)")) {
                switchProvider(ex, path);
            } else {
                problem(ex, 404, "no simulator endpoint " + method + " " + path);
            }
        } catch (IllegalArgumentException e) {
            problem(ex, 400, e.getMessage());
        }
    }

    private void health(HttpExchange ex) {
        ObjectNode root = WireText.MAPPER.createObjectNode().put("status", "UP").put("inFlight", server.inFlight());
        ArrayNode providers = root.putArray("providers");
        for (SimulatedProvider p : server.config().providers()) {
            providers
                    .addObject()
                    .put("id", p.id())
                    .put("wireFormat", p.wireFormat().name())
                    .put("mode", p.mode().name())
                    .put("outage", server.outage(p.id()))
                    .put("baseUrl", server.baseUrl(p.id()));
        }
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(root));
    }

    /** {@code {"outage": true}}, {@code {"failing": true}} (batch failure) or a {@link FaultMix} object with any subset of its fields (others 0/default). */
    private void switchProvider(HttpExchange ex, String path) {
        String[] parts = path.split("/");
        String id = parts[3];
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = WireText.MAPPER.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be JSON: " + e.getMessage());
        }
        if (parts[4].equals("outage")) {
            if (body == null || !body.path("outage").isBoolean()) {
                throw new IllegalArgumentException("body must be {\"outage\": true|false}");
            }
            server.setOutage(id, body.get("outage").asBoolean());
        } else if (parts[4].equals("batch-failure")) {
            if (body == null || !body.path("failing").isBoolean()) {
                throw new IllegalArgumentException("body must be {\"failing\": true|false}");
            }
            server.setBatchFailure(id, body.get("failing").asBoolean());
        } else {
            FaultMix.Builder b = FaultMix.builder();
            b.serverError5xx(body.path("serverError5xx").asDouble(0))
                    .rateLimited429(body.path("rateLimited429").asDouble(0))
                    .timeout(body.path("timeout").asDouble(0))
                    .errorIn200(body.path("errorIn200").asDouble(0))
                    .cutOff(body.path("cutOff").asDouble(0))
                    .contentFilter(body.path("contentFilter").asDouble(0))
                    .timeoutHoldMs(body.path("timeoutHoldMs").asLong(FaultMix.DEFAULT_TIMEOUT_HOLD_MS))
                    .longCall(body.path("longCall").asDouble(0))
                    .longCallMs(body.path("longCallMs").asLong(FaultMix.DEFAULT_LONG_CALL_MS));
            server.setFaults(id, b.build());
        }
        ResponseWriter.json(
                ex, 200, OpenAiCodec.bytes(WireText.MAPPER.createObjectNode().put("ok", true)));
    }

    /**
     * A provider's usage lookup, {@code GET /<provider>/v1/usage/calls?client_request_id=ID}: the synchronous calls it
     * billed that were sent with {@code X-Client-Request-Id: ID}, as a provider's usage records would list them.
     */
    void usage(HttpExchange ex, String provider) {
        String query = ex.getRequestURI().getRawQuery();
        String clientRequestId = null;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("client_request_id=")) {
                clientRequestId =
                        URLDecoder.decode(pair.substring("client_request_id=".length()), StandardCharsets.UTF_8);
            }
        }
        if (clientRequestId == null || clientRequestId.isEmpty()) {
            problem(ex, 400, "usage lookup needs ?client_request_id=<the X-Client-Request-Id sent>");
            return;
        }
        if (!server.config().keepCalls()) {
            // An empty list would say "never billed"; this simulator simply cannot tell.
            problem(
                    ex,
                    503,
                    "this simulator keeps invoice totals only (keepCalls false), so it cannot look up the"
                            + " calls of client_request_id " + clientRequestId);
            return;
        }
        ObjectNode root = WireText.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (InvoiceLine l : server.invoice().lines()) {
            if (!l.batch() && l.provider().equals(provider) && clientRequestId.equals(l.clientRequestId())) {
                data.addObject()
                        .put("id", l.callId())
                        .put("model", l.model())
                        .put("input_tokens", l.inputTokens())
                        .put("output_tokens", l.outputTokens())
                        .put("cost_micros", l.costMicros())
                        .put("created_at", l.at().toString());
            }
        }
        ResponseWriter.json(ex, 200, OpenAiCodec.bytes(root));
    }

    static ObjectNode invoiceJson(Invoice inv, boolean withLines, boolean keptLines) {
        ObjectNode root = WireText.MAPPER.createObjectNode();
        root.put("totalMicros", inv.totalMicros());
        root.put("calls", inv.calls());
        root.put("batchMicros", inv.batchMicros());
        root.put("linesKept", keptLines);
        root.set("totals", WireText.MAPPER.valueToTree(inv.totals()));
        if (withLines) {
            ArrayNode lines = root.putArray("lines");
            for (InvoiceLine l : inv.lines()) {
                lines.addObject()
                        .put("callId", l.callId())
                        .put("provider", l.provider())
                        .put("model", l.model())
                        .put("keyFingerprint", l.keyFingerprint())
                        .put("inputTokens", l.inputTokens())
                        .put("outputTokens", l.outputTokens())
                        .put("costMicros", l.costMicros())
                        .put("clientRequestId", l.clientRequestId())
                        .put("at", l.at().toString())
                        .put("batchId", l.batchId());
            }
        }
        return root;
    }

    static ObjectNode receivedJson(List<ReceivedCall> calls, boolean kept) {
        ObjectNode root = WireText.MAPPER.createObjectNode();
        root.put("calls", calls.size());
        root.put("kept", kept);
        ArrayNode lines = root.putArray("received");
        for (ReceivedCall c : calls) {
            lines.addObject()
                    .put("provider", c.provider())
                    .put("clientRequestId", c.clientRequestId())
                    .put("at", c.at().toString());
        }
        return root;
    }

    private static void problem(HttpExchange ex, int status, String message) {
        ResponseWriter.json(
                ex,
                status,
                OpenAiCodec.bytes(WireText.MAPPER
                        .createObjectNode()
                        .set("error", WireText.MAPPER.createObjectNode().put("message", message))));
    }
}
