package dev.routeplane.bench.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.simulator.workload.MixedWorkload;
import dev.routeplane.simulator.workload.TenantShare;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The benchmark's batch: the demo's mixed workload (code, summaries, classification, extraction, translation,
 * confidential customer emails, chat) of one tenant, written as an OpenAI Batch input file, one
 * {@code POST /v1/chat/completions} line per request with its output cap and response format.
 */
final class BatchInputFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchInputFile() {}

    /** Writes {@code lines} requests of {@code tenant} to {@code file}. */
    static void write(Path file, String tenant, int lines, long seed) throws IOException {
        MixedWorkload workload =
                new MixedWorkload(seed, Clock.systemUTC(), "bench", List.of(new TenantShare(tenant, 1.0)), 200, 2_048);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= lines; i++) {
                out.write(JSON.writeValueAsString(line("line-" + i, workload.next())));
                out.write('\n');
            }
        }
    }

    private static ObjectNode line(String customId, RouteRequest request) {
        ObjectNode line = JSON.createObjectNode()
                .put("custom_id", customId)
                .put("method", "POST")
                .put("url", "/v1/chat/completions");
        ObjectNode body = line.putObject("body").put("model", "auto");
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.getMessages()) {
            messages.addObject().put("role", m.getRole()).put("content", m.getContent());
        }
        if (request.getHints().getMaxOutputTokens() != null) {
            body.put("max_tokens", request.getHints().getMaxOutputTokens());
        }
        if ("json_object".equals(request.getHints().getResponseFormat())) {
            body.putObject("response_format").put("type", "json_object");
        }
        return line;
    }
}
