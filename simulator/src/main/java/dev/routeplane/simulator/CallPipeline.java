package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves one provider call: auth, outage, parsing, model and context checks, rate limits, fault draw, answer.
 * Refusals are answered at once; answers and injected faults after the sampled latency, scheduled so that no
 * thread waits while a call is "in flight".
 *
 * <p>A completion is billed once it is delivered: its headers go out first and its body {@value #DELIVERY_CHECK_MS}
 * ms later, so a client that has gone away (given up, or its process died) answers the headers with a reset and the
 * body write fails; such a call is aborted unbilled, as a provider stops generating for a closed connection. The
 * caller's own id for the request ({@value #CLIENT_REQUEST_ID} header) is kept with every received call and invoice
 * line, so a reconciliation can tell which request each call served.
 */
final class CallPipeline {
    /** The header a client names its request with (OpenAI's {@code X-Client-Request-Id}). */
    static final String CLIENT_REQUEST_ID = "X-Client-Request-Id";
    /** Time between a completion's headers and its body; far above a loopback round trip, so a reset has arrived. */
    static final long DELIVERY_CHECK_MS = 10;

    private final SyntheticResponder synthetic;
    private final ReplayDataset replay;
    private final ReplayRows rows;
    private final InvoiceBook invoice;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final AtomicLong inFlight = new AtomicLong();
    private final List<ReceivedCall> received = new ArrayList<>();
    private final boolean keepReceived;

    CallPipeline(
            long seed,
            ReplayDataset replay,
            ReplayRows rows,
            InvoiceBook invoice,
            Clock clock,
            ScheduledExecutorService scheduler,
            Executor workers,
            boolean keepReceived) {
        this.keepReceived = keepReceived;
        this.synthetic = new SyntheticResponder(seed);
        this.replay = replay;
        this.rows = rows;
        this.invoice = invoice;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = workers;
    }

    /** Calls accepted and not yet answered (waiting out their latency or a timeout hold). */
    long inFlight() {
        return inFlight.get();
    }

    /** Every call received so far, in arrival order; empty when the simulator keeps no calls. */
    List<ReceivedCall> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    void handle(HttpExchange ex, ProviderRuntime p) {
        WireCodec codec = p.codec;
        Headers headers = ex.getRequestHeaders();
        Instant now = clock.instant();
        String clientRequestId = headers.getFirst(CLIENT_REQUEST_ID);
        if (keepReceived) {
            synchronized (received) {
                received.add(new ReceivedCall(p.config.id(), clientRequestId, now));
            }
        }
        try {
            byte[] body = readBody(ex);
            String key = codec.apiKey(headers);
            if (key == null && p.config.requiresKey()) {
                throw codec.missingKey();
            }
            codec.checkHeaders(headers);
            if (p.outage()) {
                throw new SimError(
                        SimError.Kind.UNAVAILABLE,
                        "provider '" + p.config.id() + "' is unavailable (simulated outage); retry later or fail over",
                        null,
                        null);
            }
            SimRequest request = codec.parse(parseJson(body));
            SimulatedModel model = resolveModel(p, request.model());
            int input = TokenEstimator.tokens(request.promptText());
            int cap = outputCap(codec, model, request, input);
            RecordedAnswer recorded = p.config.mode() == ProviderMode.REPLAY
                    ? recorded(p, request, headers.getFirst(ReplayRows.HEADER))
                    : null;
            RateWindow.Decision rate = p.window.tryAcquire((long) input + cap, now.toEpochMilli());
            codec.rateLimitHeaders(ex.getResponseHeaders(), rate, now);
            if (!rate.allowed()) {
                ex.getResponseHeaders().set("retry-after", Long.toString(rate.retryAfterSeconds()));
                throw rateLimited(p, rate.limitedBy(), rate.retryAfterSeconds());
            }
            ProviderRuntime.Draw draw = p.nextDraw();
            FaultMix faults = p.faults();
            Fault fault = faults.pick(draw.fault());
            if (fault == Fault.RATE_LIMITED) {
                ex.getResponseHeaders().set("retry-after", "1");
                throw rateLimited(p, "requests", 1);
            }
            ex.getResponseHeaders()
                    .set(codec.requestIdHeader(), "req_" + WireText.randomHex().substring(0, 24));
            long delayMs = fault == Fault.LONG_CALL
                    ? faults.longCallMs()
                    : p.config.latency().sampleMs(draw.latency(), draw.gaussian());
            if (fault == Fault.TIMEOUT) {
                later(faults.timeoutHoldMs(), () -> {
                    p.count("timeout");
                    ResponseWriter.drop(ex);
                });
                return;
            }
            if (fault == Fault.SERVER_ERROR) {
                SimError e = draw.alternate()
                        ? new SimError(SimError.Kind.OVERLOADED, "Overloaded (simulated)", null, null)
                        : new SimError(
                                SimError.Kind.SERVER_ERROR,
                                "The server had an error while processing "
                                        + "your request (simulated). Retry your request.",
                                null,
                                null);
                later(delayMs, () -> error(ex, p, e));
                return;
            }
            if (fault == Fault.ERROR_IN_200) {
                byte[] errorBody = codec.error(new SimError(
                        SimError.Kind.SERVER_ERROR,
                        "The server had an error while processing your request (simulated, sent with 200).",
                        null,
                        null));
                later(delayMs, () -> {
                    p.count("200_error_body");
                    ResponseWriter.json(ex, 200, errorBody);
                });
                return;
            }
            boolean filtered = fault == Fault.CONTENT_FILTER;
            SimCompletion completion = recorded != null
                    ? replayed(recorded, model, input, filtered)
                    : synthetic.respond(p.config.id(), model, request, body, input, cap, filtered);
            String callId = codec.newCallId();
            byte[] response = codec.completion(callId, now, request.model(), completion);
            if (fault == Fault.CUT_OFF) {
                later(delayMs, () -> {
                    p.count("200_cut_off");
                    ResponseWriter.truncated(ex, response);
                });
                return;
            }
            String fingerprint = fingerprint(key);
            InvoiceLine line = new InvoiceLine(
                    callId,
                    p.config.id(),
                    request.model(),
                    fingerprint,
                    completion.inputTokens(),
                    completion.outputTokens(),
                    completion.costMicros(),
                    now,
                    clientRequestId,
                    null);
            later(delayMs, () -> deliver(ex, p, response, line));
        } catch (SimError e) {
            error(ex, p, e);
        } catch (RuntimeException e) {
            // A simulator bug must still answer, or the client hangs; say so in the provider's 500 shape.
            error(ex, p, new SimError(SimError.Kind.SERVER_ERROR, "simulator internal error: " + e, null, null));
        }
    }

    /** Sends a completion's headers, then its body after the delivery check; bills it only if the body went out. */
    private void deliver(HttpExchange ex, ProviderRuntime p, byte[] response, InvoiceLine line) {
        if (!ResponseWriter.headers(ex, 200, response.length)) {
            p.count("client_gone");
            return;
        }
        later(DELIVERY_CHECK_MS, () -> {
            // Billed before the body goes out, so a caller that reads the invoice as soon as it has its answer finds
            // the call there; taken back if the body cannot be written.
            InvoiceLine sent = new InvoiceLine(
                    line.callId(),
                    line.provider(),
                    line.model(),
                    line.keyFingerprint(),
                    line.inputTokens(),
                    line.outputTokens(),
                    line.costMicros(),
                    clock.instant(),
                    line.clientRequestId(),
                    line.batchId());
            invoice.bill(sent);
            if (ResponseWriter.body(ex, response)) {
                p.count("200");
            } else {
                invoice.withdraw(sent);
                p.count("client_gone");
            }
        });
    }

    /**
     * The answer a batch line gets: the completion for {@code body} priced at the model's batch prices (no rate
     * window and no fault draw: batch lines run on the provider's spare capacity), or the {@link SimError} the
     * synchronous API would have refused the same body with.
     */
    private SimCompletion batchAnswer(ProviderRuntime p, byte[] body) {
        SimRequest request = p.codec.parse(parseJson(body));
        SimulatedModel model = resolveModel(p, request.model());
        int input = TokenEstimator.tokens(request.promptText());
        int cap = outputCap(p.codec, model, request, input);
        SimCompletion c = p.config.mode() == ProviderMode.REPLAY
                // A batch line carries no request-id header: it is matched to its recorded row by its prompt.
                ? replayed(recorded(p, request, null), model, input, false)
                : synthetic.respond(p.config.id(), model, request, body, input, cap, false);
        long cost = model.inputPriceMicrosPerMillion() == 0 && model.outputPriceMicrosPerMillion() == 0
                // A replayed model without list prices bills its recorded cost; the batch API halves it.
                ? SimulatedModel.half(c.costMicros())
                : Pricing.costMicros(
                        c.inputTokens(),
                        c.outputTokens(),
                        model.batchInputPriceMicrosPerMillion(),
                        model.batchOutputPriceMicrosPerMillion());
        return new SimCompletion(c.text(), c.toolCall(), c.finish(), c.inputTokens(), c.outputTokens(), cost);
    }

    /**
     * One line of a new provider batch: answered now (its answer is deterministic) and revealed when the line is
     * due. While the provider's batch-failure switch is on, every line fails with a server error.
     */
    SimBatch.Line batchLine(ProviderRuntime p, String customId, String model, byte[] body) {
        String callId = p.codec.newCallId();
        if (p.batchFailure()) {
            return new SimBatch.Line(
                    customId,
                    model,
                    callId,
                    null,
                    new SimError(
                            SimError.Kind.SERVER_ERROR,
                            "The server had an error while processing this batch request (simulated batch failure).",
                            null,
                            null));
        }
        try {
            return new SimBatch.Line(customId, model, callId, batchAnswer(p, body), null);
        } catch (SimError e) {
            return new SimBatch.Line(customId, model, callId, null, e);
        }
    }

    private void later(long delayMs, Runnable send) {
        inFlight.incrementAndGet();
        Runnable onWorker = () -> {
            try {
                send.run();
            } finally {
                inFlight.decrementAndGet();
            }
        };
        // The scheduler thread only hands over; writing happens on a worker so timers stay punctual.
        scheduler.schedule(() -> workers.execute(onWorker), delayMs, TimeUnit.MILLISECONDS);
    }

    private static void error(HttpExchange ex, ProviderRuntime p, SimError e) {
        int status = p.codec.status(e);
        p.count(Integer.toString(status));
        ResponseWriter.json(ex, status, p.codec.error(e));
    }

    private static SimError rateLimited(ProviderRuntime p, String limit, long retryAfter) {
        // For OpenAI the param slot carries the exhausted limit's name, rendered as the error type.
        return new SimError(
                SimError.Kind.RATE_LIMITED,
                "Rate limit reached for provider '" + p.config.id() + "' on " + limit + " per min. Please try again in "
                        + retryAfter + "s.",
                "rate_limit_exceeded",
                limit);
    }

    private SimulatedModel resolveModel(ProviderRuntime p, String modelId) {
        if (p.config.mode() == ProviderMode.REPLAY) {
            if (!replay.models().contains(modelId)) {
                throw p.codec.modelNotFound(modelId);
            }
            if (p.config.models().isEmpty()) {
                return SimulatedModel.replay(modelId);
            }
        }
        return p.config.model(modelId).orElseThrow(() -> p.codec.modelNotFound(modelId));
    }

    /** Validates max tokens against the model and its context window; returns the effective output cap. */
    private static int outputCap(WireCodec codec, SimulatedModel model, SimRequest request, int input) {
        Integer requested = request.maxTokens();
        if (requested != null && requested > model.maxOutputTokens()) {
            throw SimError.invalid(
                    "max_tokens is too large: " + requested + ". This model supports at most " + model.maxOutputTokens()
                            + " completion tokens, whereas you provided " + requested + ".",
                    "invalid_value",
                    "max_tokens");
        }
        // Without max_tokens (OpenAI only) the prompt must still leave room for one output token.
        int needed = requested != null ? requested : 1;
        if ((long) input + needed > model.contextWindow()) {
            throw codec.contextLengthExceeded(input, needed, model.contextWindow());
        }
        return requested != null ? requested : Math.min(model.maxOutputTokens(), model.contextWindow() - input);
    }

    private RecordedAnswer recorded(ProviderRuntime p, SimRequest request, String requestId) {
        ReplaySample sample = rows.rowOf(requestId)
                .map(key -> boundRow(key, request.lastUserText()))
                .orElseGet(() -> rowByPrompt(p, request.lastUserText()));
        RecordedAnswer answer = sample.answers().get(request.model());
        if (answer == null) {
            throw p.codec.modelNotFound(request.model());
        }
        return answer;
    }

    private ReplaySample boundRow(String key, String prompt) {
        ReplaySample sample = replay.row(key)
                .orElseThrow(() -> SimError.invalid(
                        "the request is bound to replay row " + key + ", which the replay data set does" + " not have",
                        "replay_row_not_found",
                        null));
        if (!sample.prompt().equals(prompt) && !sample.rawPrompt().equals(prompt)) {
            throw SimError.invalid(
                    "the last user message is not the prompt of replay row " + key + ", which the request is bound to",
                    "prompt_not_in_replay_row",
                    "messages");
        }
        return sample;
    }

    private ReplaySample rowByPrompt(ProviderRuntime p, String prompt) {
        List<ReplaySample> candidates = replay.rowsWithPrompt(prompt);
        if (candidates.isEmpty()) {
            throw SimError.invalid(
                    "the last user message is not a recorded RouterBench prompt; REPLAY provider '" + p.config.id()
                            + "' only answers prompts from the replay data set",
                    "prompt_not_in_replay_set",
                    "messages");
        }
        if (candidates.size() > 1) {
            throw SimError.invalid(
                    "the last user message is the prompt of several replay rows ("
                            + candidates.stream().map(ReplaySample::key).toList()
                            + "); name the request in " + ReplayRows.HEADER + " and bind it to its row",
                    "prompt_ambiguous_in_replay_set",
                    "messages");
        }
        return candidates.get(0);
    }

    /**
     * A replayed answer: the recorded text in full (never cut at max_tokens, so it matches the recorded cost),
     * billed at the recorded cost. Its reported usage is estimated from the texts when the model has no prices;
     * when it has list prices, usage is fitted to the recorded cost ({@link #usageAtRecordedCost}), so a client
     * that bills usage at the same prices, as Routeplane's executors do, bills what was recorded.
     */
    private static SimCompletion replayed(RecordedAnswer a, SimulatedModel model, int input, boolean filtered) {
        String text = filtered ? a.response().substring(0, a.response().length() / 2) : a.response();
        int output = TokenEstimator.tokens(text);
        if (model.inputPriceMicrosPerMillion() > 0 && model.outputPriceMicrosPerMillion() > 0) {
            long[] usage = usageAtRecordedCost(
                    a.costMicros(), output, model.inputPriceMicrosPerMillion(), model.outputPriceMicrosPerMillion());
            input = (int) usage[0];
            output = (int) usage[1];
        }
        return new SimCompletion(
                text,
                null,
                filtered ? SimCompletion.Finish.CONTENT_FILTER : SimCompletion.Finish.STOP,
                input,
                output,
                a.costMicros());
    }

    /**
     * Input and output tokens whose price at the given list prices is the recorded cost, to within half an input
     * token's price (recorded data has costs, not token counts): the estimated output tokens, as many as the cost
     * pays for, and the rest of the cost as input tokens.
     *
     * @return {input tokens, output tokens}
     */
    static long[] usageAtRecordedCost(
            long costMicros, long estimatedOutput, long inputPerMillion, long outputPerMillion) {
        long budget = costMicros * 1_000_000L;
        long output = Math.min(estimatedOutput, budget / outputPerMillion);
        long input = Math.round((budget - output * outputPerMillion) / (double) inputPerMillion);
        return new long[] {input, output};
    }

    static JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = WireText.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw SimError.invalid("the request body must be a JSON object", "invalid_json", null);
            }
            return node;
        } catch (IOException e) {
            throw SimError.invalid(
                    "We could not parse the JSON body of your request. (HINT: This likely means "
                            + "you aren't using your HTTP library correctly.)",
                    "invalid_json",
                    null);
        }
    }

    private static byte[] readBody(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw SimError.invalid("could not read the request body: " + e.getMessage(), null, null);
        }
    }

    /** First 8 hex digits of SHA-256(key): enough to tell keys apart in an invoice, useless to recover one. */
    static String fingerprint(String key) {
        if (key == null) {
            return "no-key";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
