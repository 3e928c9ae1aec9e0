package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates deterministic completions: everything is drawn from a random source seeded with
 * SHA-256(seed, provider, model, request body), so the same request to the same provider and model always gets
 * the same text, tool call and usage.
 *
 * <p>Each request has a "natural" answer length of 16–511 tokens. Output tokens are
 * {@code min(natural, maxTokens)}, so always in [min(16, maxTokens), maxTokens]; when the natural length exceeds
 * the cap the finish reason is LENGTH. JSON-mode answers stay valid JSON even when cut at the cap. A tool call is
 * made when the request forces one (required / named tool), or, for "auto", in half the requests (by hash) whose
 * last user message names a declared tool or says "tool".
 */
final class SyntheticResponder {

    static final int MIN_NATURAL_TOKENS = 16;
    static final int MAX_NATURAL_TOKENS = 511;

    private static final String[] WORDS = ("the a route model request token budget cost latency provider answer "
                    + "simulated result value stream event ledger policy tenant quality signal batch window limit result "
                    + "because therefore however first second finally example summary detail context output input data "
                    + "system check plan step reason choice option measure trace record score fast slow cheap careful")
            .split(" ");

    private final long seed;

    SyntheticResponder(long seed) {
        this.seed = seed;
    }

    /**
     * @param maxTokens     the effective output cap (requested, else the model's maximum, within the context)
     * @param contentFilter whether the content filter stops this answer part-way
     */
    SimCompletion respond(
            String providerId,
            SimulatedModel model,
            SimRequest request,
            byte[] body,
            int inputTokens,
            int maxTokens,
            boolean contentFilter) {
        SplittableRandom rnd = new SplittableRandom(requestHash(providerId, model.id(), body));
        int natural = MIN_NATURAL_TOKENS + rnd.nextInt(MAX_NATURAL_TOKENS - MIN_NATURAL_TOKENS + 1);
        boolean wantsTool = rnd.nextBoolean();
        SimRequest.Tool tool = chooseTool(request, wantsTool);
        if (tool != null && !contentFilter) {
            String id = "call_" + Long.toHexString(rnd.nextLong());
            String args = OpenAiCodec.bytesToString(arguments(tool.schema(), rnd));
            int out = Math.min(maxTokens, 10 + TokenEstimator.tokens(args.replaceAll("[{}\":,]", " ")));
            return new SimCompletion(
                    null,
                    new SimCompletion.ToolCall(id, tool.name(), args),
                    SimCompletion.Finish.TOOL_CALLS,
                    inputTokens,
                    out,
                    price(model, inputTokens, out));
        }
        int out = Math.min(natural, maxTokens);
        SimCompletion.Finish finish = natural > maxTokens ? SimCompletion.Finish.LENGTH : SimCompletion.Finish.STOP;
        if (contentFilter) {
            out = out / 2;
            finish = SimCompletion.Finish.CONTENT_FILTER;
        }
        String text = words(rnd, out);
        if (request.jsonMode()) {
            ObjectNode json = WireText.MAPPER.createObjectNode();
            json.put("answer", text);
            json.put("confidence", rnd.nextInt(101) / 100.0);
            text = OpenAiCodec.bytesToString(json);
        }
        return new SimCompletion(text, null, finish, inputTokens, out, price(model, inputTokens, out));
    }

    private static long price(SimulatedModel m, int in, int out) {
        return Pricing.costMicros(in, out, m.inputPriceMicrosPerMillion(), m.outputPriceMicrosPerMillion());
    }

    private static SimRequest.Tool chooseTool(SimRequest request, boolean hashSaysYes) {
        if (request.tools().isEmpty() || request.toolChoice() == SimRequest.ToolChoice.NONE) {
            return null;
        }
        if (request.toolChoice() == SimRequest.ToolChoice.NAMED) {
            return request.tools().stream()
                    .filter(t -> t.name().equals(request.forcedTool()))
                    .findFirst()
                    .orElseThrow(() -> SimError.invalid(
                            "tool_choice names tool '" + request.forcedTool() + "' which is not in tools",
                            "invalid_value",
                            "tool_choice"));
        }
        String ask = request.lastUserText().toLowerCase(Locale.ROOT);
        SimRequest.Tool named = request.tools().stream()
                .filter(t -> ask.contains(t.name().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElse(null);
        if (request.toolChoice() == SimRequest.ToolChoice.REQUIRED) {
            return named != null ? named : request.tools().get(0);
        }
        boolean asks = named != null || ask.matches("(?s).*\\btools?\\b.*");
        if (!asks || !hashSaysYes) {
            return null;
        }
        return named != null ? named : request.tools().get(0);
    }

    /** Arguments that follow the schema's top-level properties by type; unknown shapes get a string. */
    private static ObjectNode arguments(JsonNode schema, SplittableRandom rnd) {
        ObjectNode args = WireText.MAPPER.createObjectNode();
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null || !props.isObject()) {
            return args;
        }
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            String type = p.getValue().path("type").asText("string");
            JsonNode options = p.getValue().get("enum");
            if (options != null && options.isArray() && !options.isEmpty()) {
                args.set(p.getKey(), options.get(rnd.nextInt(options.size())));
                continue;
            }
            switch (type) {
                case "integer" -> args.put(p.getKey(), rnd.nextInt(100));
                case "number" -> args.put(p.getKey(), rnd.nextInt(10_000) / 100.0);
                case "boolean" -> args.put(p.getKey(), rnd.nextBoolean());
                case "array" -> args.putArray(p.getKey()).add(words(rnd, 2));
                case "object" -> args.putObject(p.getKey());
                default -> args.put(p.getKey(), words(rnd, 3));
            }
        }
        return args;
    }

    /** Text whose estimate is close to {@code tokens}: round(tokens / 1.3) words, at least one. */
    private static String words(SplittableRandom rnd, int tokens) {
        int count = Math.max(1, Math.round(tokens / 1.3f));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(i % 12 == 0 ? ". " : " ");
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
    }

    private long requestHash(String providerId, String modelId, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            sha.update(providerId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(modelId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
