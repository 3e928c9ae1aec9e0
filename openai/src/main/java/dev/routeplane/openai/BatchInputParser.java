package dev.routeplane.openai;

import static dev.routeplane.openai.BatchLineReason.DUPLICATE_CUSTOM_ID;
import static dev.routeplane.openai.BatchLineReason.INVALID_FIELD;
import static dev.routeplane.openai.BatchLineReason.LINE_TOO_LONG;
import static dev.routeplane.openai.BatchLineReason.MALFORMED_JSON;
import static dev.routeplane.openai.BatchLineReason.MISSING_CUSTOM_ID;
import static dev.routeplane.openai.BatchLineReason.REQUEST_TOO_LARGE;
import static dev.routeplane.openai.BatchLineReason.UNSUPPORTED_METHOD;
import static dev.routeplane.openai.BatchLineReason.UNSUPPORTED_URL;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.RequestSize;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a JSONL batch file line by line and hands each line to a {@link BatchSink} as a
 * {@link RouteRequest} or a {@link BatchLineError}; a bad line never stops the file.
 *
 * <p>Two line formats, told apart per line so a file may mix them:
 * <ul>
 *   <li>the OpenAI Batch API input format, {@code {"custom_id", "method": "POST",
 *       "url": "/v1/chat/completions", "body": {...}}}, recognised by any of those four keys; the body is
 *       mapped by {@link ChatCompletionJson};
 *   <li>Routeplane's own request JSON, documented on {@link RouteplaneRequestJson}.
 * </ul>
 *
 * <p>Each request's {@code submittedAt} is the parser's clock (a batch passes a clock fixed at its creation, so a
 * resumed submission sends the same requests), and with a completion window its deadline is due within it.
 *
 * <p>The line's id ({@code custom_id} or {@code requestId}) becomes the request's {@code requestId}, the
 * idempotency key: re-submitting a file does not run a request twice, because the router deduplicates per
 * tenant. Within one file each id may appear once; a later line reusing it is refused with
 * {@code DUPLICATE_CUSTOM_ID}. Memory stays bounded by the longest line plus a fingerprint per id (see
 * {@link CustomIdSet}), so million-line files stream through. Not thread-safe; one parse at a time.
 */
public final class BatchInputParser {
    /** The one endpoint a batch line may target. */
    public static final String CHAT_COMPLETIONS_URL = "/v1/chat/completions";

    private static final Set<String> OPENAI_KEYS = Set.of("custom_id", "method", "url", "body");
    private static final int MAX_ID_IN_MESSAGE = 100;

    private final BatchInputOptions options;
    private final Clock clock;
    private final ObjectReader json;

    public BatchInputParser(BatchInputOptions options, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // exact maxCostUsd
                .readerFor(JsonNode.class);
    }

    /** Parses a UTF-8 file. */
    public BatchParseSummary parse(Path file, BatchSink sink) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, sink);
        }
    }

    /** Parses lines from {@code reader} until its end; the caller closes it. */
    public BatchParseSummary parse(Reader reader, BatchSink sink) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(reader, options.maxLineChars());
        CustomIdSet seen = new CustomIdSet();
        long lineNumber = 0;
        long accepted = 0;
        long rejected = 0;
        long openAi = 0;
        String line;
        while ((line = lines.next()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark some editors write
            }
            if (line != BoundedLineReader.TOO_LONG && line.isBlank()) {
                continue;
            }
            Parsed parsed = parseLine(line, lineNumber, seen);
            if (parsed.error != null) {
                rejected++;
                sink.reject(parsed.error);
            } else {
                accepted++;
                openAi += parsed.openAi ? 1 : 0;
                sink.accept(lineNumber, parsed.request);
            }
        }
        return new BatchParseSummary(lineNumber, accepted, rejected, openAi, accepted - openAi);
    }

    private record Parsed(RouteRequest request, boolean openAi, BatchLineError error) {}

    private Parsed parseLine(String line, long lineNumber, CustomIdSet seen) {
        if (line == BoundedLineReader.TOO_LONG) {
            return error(
                    lineNumber,
                    null,
                    LINE_TOO_LONG,
                    null,
                    "line " + lineNumber + " is longer than " + options.maxLineChars() + " characters; it was skipped");
        }
        JsonNode node;
        try {
            node = json.readValue(line);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending text, which may be prompt content: report the column only.
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            return error(
                    lineNumber,
                    null,
                    MALFORMED_JSON,
                    null,
                    "line " + lineNumber + " is not valid JSON"
                            + (column > 0 ? " (problem at column " + column + ")" : "")
                            + "; each line must be one JSON object");
        } catch (IOException e) {
            return error(lineNumber, null, MALFORMED_JSON, null, "line " + lineNumber + " could not be read as JSON");
        }
        if (node == null || !node.isObject()) {
            return error(
                    lineNumber,
                    null,
                    MALFORMED_JSON,
                    null,
                    "line " + lineNumber + " is JSON but not an object;" + " each line must be one JSON object");
        }
        boolean openAi = OPENAI_KEYS.stream().anyMatch(node::has);
        String idField = openAi ? "custom_id" : "requestId";
        JsonNode idNode = node.get(idField);
        if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
            return error(lineNumber, null, INVALID_FIELD, idField, idField + " must be a string");
        }
        String id = idNode == null || idNode.isNull() ? null : idNode.textValue();
        if (id == null || id.isBlank()) {
            return error(
                    lineNumber,
                    null,
                    MISSING_CUSTOM_ID,
                    idField,
                    "line " + lineNumber + " has no " + idField
                            + (openAi
                                    ? "; every OpenAI batch line needs a unique custom_id"
                                    : "; a line is either an OpenAI batch line (custom_id, method, url, body) or a Routeplane request"
                                            + " (requestId, messages, ...)"));
        }
        long firstLine = seen.addOrGetFirstLine(id, lineNumber);
        if (firstLine != 0) {
            return error(
                    lineNumber,
                    id,
                    DUPLICATE_CUSTOM_ID,
                    idField,
                    idField + " '" + shorten(id) + "' was already used on line " + firstLine
                            + "; ids must be unique within a file");
        }
        try {
            RouteRequest request = openAi
                    ? openAiLine(node, id)
                    : RouteplaneRequestJson.toRouteRequest(
                            node,
                            options.tenantId(),
                            options.batchId(),
                            clock.instant(),
                            options.defaultLatencyClass());
            long bytes = RequestSize.over(request, options.maxRequestBytes());
            if (bytes > 0) {
                return error(
                        lineNumber,
                        id,
                        REQUEST_TOO_LARGE,
                        "messages",
                        RequestSize.tooLarge(bytes, options.maxRequestBytes()));
            }
            return new Parsed(withinWindow(request), openAi, null);
        } catch (ChatRequestException e) {
            return error(lineNumber, id, e.reason(), e.param(), e.getMessage());
        }
    }

    private RouteRequest openAiLine(JsonNode node, String customId) throws ChatRequestException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!OPENAI_KEYS.contains(name)) {
                throw JsonFields.invalid(
                        name, "is not a field of an OpenAI batch line; expected custom_id, method," + " url, body");
            }
        }
        String method = JsonFields.text(node, "method", "method");
        if (method != null && !"POST".equals(method)) {
            throw new ChatRequestException(
                    UNSUPPORTED_METHOD,
                    "method",
                    "method '" + shorten(method) + "' is not supported; batch lines use POST");
        }
        String url = JsonFields.text(node, "url", "url");
        if (!CHAT_COMPLETIONS_URL.equals(url)) {
            throw new ChatRequestException(
                    UNSUPPORTED_URL,
                    "url",
                    (url == null ? "url is missing" : "url '" + shorten(url) + "' is not supported")
                            + "; Routeplane batches accept " + CHAT_COMPLETIONS_URL);
        }
        if (options.tenantId() == null) {
            throw JsonFields.invalid(
                    "tenantId", "is unknown: OpenAI batch lines carry no tenant; submit the file" + " with --tenant");
        }
        RequestContext context = new RequestContext(
                customId, options.tenantId(), options.batchId(), clock.instant(), options.defaultLatencyClass());
        return ChatCompletionJson.toRouteRequest(JsonFields.field(node, "body"), context, "body");
    }

    /** The request with its deadline cut to the batch's completion window, if there is one. */
    private RouteRequest withinWindow(RouteRequest request) {
        if (options.completionWindow() == null) {
            return request;
        }
        long window = options.completionWindow().toMillis();
        Long own = request.getHints().getDeadlineMs();
        if (own != null && own <= window) {
            return request;
        }
        request.getHints().setDeadlineMs(window);
        return request;
    }

    private static Parsed error(long line, String id, BatchLineReason reason, String param, String message) {
        return new Parsed(null, false, new BatchLineError(line, id, reason, param, message));
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ID_IN_MESSAGE ? text : text.substring(0, MAX_ID_IN_MESSAGE) + "...";
    }
}
