package dev.routeplane.control.replay;

import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.ledger.UsageTotals;
import dev.routeplane.router.LearnedSelector;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/** Steps the routing benchmark and the eval gate share: building requests, scoring answers, waiting for services. */
public final class ReplaySteps {
    private ReplaySteps() {}

    public static RouteRequest request(String requestId, String tenant, String batchId, String prompt, String pinned) {
        return RouteRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId(batchId)
                .setSubmittedAt(Instant.now())
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setContent(prompt)
                        .build()))
                .setHints(RequestHints.newBuilder()
                        .setLatencyClass(LatencyClass.BATCH)
                        .setPinnedAlias(pinned)
                        .build())
                .build();
    }

    /**
     * The recorded score, on the row the request replayed, of the answer the pipeline returned, as an evaluation
     * suite's feedback; empty for a request without an answer or an answer the row has no score for.
     */
    public static Optional<Feedback> scoreAsFeedback(ExecutionResult result, ReplaySample row, ReplayConfig rc) {
        OptionalDouble score = score(result, row, rc);
        if (score.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Feedback.newBuilder()
                .setFeedbackId("fb-" + result.getRequestId())
                .setRequestId(result.getRequestId())
                .setTenantId(result.getTenantId())
                .setKind(FeedbackKind.EVAL_SCORE)
                .setScore(score.getAsDouble())
                .setSource("recorded-eval")
                .setAt(Instant.now())
                .build());
    }

    /** The recorded score, on {@code row}, of the answer in {@code result}; empty when it has none. */
    public static OptionalDouble score(ExecutionResult result, ReplaySample row, ReplayConfig rc) {
        if (result.getStatus() != ResultStatus.SUCCEEDED || result.getModel() == null) {
            return OptionalDouble.empty();
        }
        RecordedAnswer answer = row.answers().get(rc.wireModel(result.getModel()));
        return answer == null || answer.correctness() == null
                ? OptionalDouble.empty()
                : OptionalDouble.of(answer.correctness());
    }

    /** Waits until the router has loaded every model trained on all of its feedback. */
    public static void awaitLearned(
            LearnedSelector selector, Map<String, Long> expected, Duration timeout, PrintStream out)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        while (true) {
            Map<String, Long> missing = new TreeMap<>();
            expected.forEach((model, count) -> {
                long have = selector.evidence(model);
                if (have < count) {
                    missing.put(model, count - have);
                }
            });
            if (missing.isEmpty()) {
                out.println("  router loaded learned models: " + expected);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "learned models still miss feedback examples after " + timeout + ": " + missing);
            }
            if (++polls % 40 == 0) {
                out.println("  waiting for learned models; examples still to learn: " + missing);
            }
            Thread.sleep(250);
        }
    }

    /** Waits until the ledger has billed {@code calls} calls of a tenant's batch. */
    public static UsageTotals awaitBilled(
            ReplayPipeline pipeline, String tenantId, String batchId, long calls, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        UsageTotals last = UsageTotals.ZERO;
        while (System.nanoTime() < deadline) {
            try {
                last = pipeline.ledger().batch(tenantId, batchId).total();
                if (last.calls() >= calls) {
                    return last;
                }
            } catch (RuntimeException rebalancing) {
                // InvalidStateStoreException while the ledger restores or rebalances: ask again
            }
            Thread.sleep(250);
        }
        throw new TimeoutException("the ledger billed " + last.calls() + " of " + calls + " calls of batch " + batchId
                + " after " + timeout);
    }
}
