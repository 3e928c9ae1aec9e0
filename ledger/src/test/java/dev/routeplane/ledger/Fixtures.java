package dev.routeplane.ledger;

import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Usage;
import dev.routeplane.schemas.Money;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Test data: the test config and builders of correctly priced records. */
final class Fixtures {
    static final RouteplaneConfig CONFIG = loadConfig();

    private Fixtures() {}

    private static RouteplaneConfig loadConfig() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ledger-test.yaml")) {
            return RouteplaneConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "ledger-test.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cost of a call at the price book's price in force at {@code at}. */
    static long listCost(String model, int in, int out, Instant at) {
        ModelPrice price = CONFIG.priceBook().priceAt(model, at);
        return Money.costMicros(in, out, price.inputMicrosPerMillion(), price.outputMicrosPerMillion());
    }

    /** A successful call priced from the price book. */
    static CostEvent.Builder call(String eventId, String tenant, String model, int in, int out, Instant at) {
        String provider = model.startsWith("gpt") ? "openai" : "anthropic";
        return CostEvent.newBuilder()
                .setEventId(eventId)
                .setRequestId("req-" + eventId)
                .setTenantId(tenant)
                .setBatchId(null)
                .setLane("default")
                .setProvider(provider)
                .setModel(model)
                .setKeyProfile("primary")
                .setInputTokens(in)
                .setOutputTokens(out)
                .setCostMicros(listCost(model, in, out, at))
                .setLatencyMs(1_000L)
                .setOutcome("SUCCEEDED")
                .setAt(at);
    }

    static AttemptRecord attempt(String provider, String model, String outcome) {
        return AttemptRecord.newBuilder()
                .setProvider(provider)
                .setModel(model)
                .setKeyProfile("primary")
                .setOutcome(outcome)
                .setErrorKind(null)
                .setLatencyMs(1_000L)
                .setCostMicros(0L)
                .build();
    }

    static ExecutionResult result(
            String requestId, String tenant, String provider, String model, List<AttemptRecord> attempts, Instant at) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId(null)
                .setStatus(ResultStatus.SUCCEEDED)
                .setReason(null)
                .setProvider(provider)
                .setModel(model)
                .setOutput(null)
                .setUsage(
                        Usage.newBuilder().setInputTokens(10).setOutputTokens(5).build())
                .setCostMicros(0L)
                .setLatencyMs(1_000L)
                .setAttempts(attempts)
                .setCompletedAt(at)
                .build();
    }

    static Feedback rating(String id, String requestId, String tenant, int rating, Instant at) {
        return feedback(id, requestId, tenant, FeedbackKind.RATING, at)
                .setRating(rating)
                .build();
    }

    static Feedback score(String id, String requestId, String tenant, double score, Instant at) {
        return feedback(id, requestId, tenant, FeedbackKind.EVAL_SCORE, at)
                .setScore(score)
                .build();
    }

    static Feedback passFail(String id, String requestId, String tenant, boolean passed, Instant at) {
        return feedback(id, requestId, tenant, FeedbackKind.PASS_FAIL, at)
                .setPassed(passed)
                .build();
    }

    private static Feedback.Builder feedback(
            String id, String requestId, String tenant, FeedbackKind kind, Instant at) {
        return Feedback.newBuilder()
                .setFeedbackId(id)
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setKind(kind)
                .setRating(null)
                .setScore(null)
                .setPassed(null)
                .setSource("test")
                .setAt(at);
    }
}
