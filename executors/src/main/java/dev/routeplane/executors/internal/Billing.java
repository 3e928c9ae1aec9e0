package dev.routeplane.executors.internal;

import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PriceNotFoundException;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.schemas.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempt records and cost events of one task's tries. An answered call is priced at the price in force when it
 * returned and its cost event is sent at once, so a crash afterwards cannot lose it (a content-filtered answer is
 * billed too: the provider billed it). A failed try is recorded at no cost and sends no cost event. Before the first
 * try it says whether the request's reservation still covers this task's call ({@link #uncovered}). Not thread-safe:
 * used from the task's steps, one after another.
 */
final class Billing {
    private static final Logger LOG = LoggerFactory.getLogger(Billing.class);

    private final WorkerContext ctx;
    private final ExecutionTask task;
    private final CallPlan plan;
    private final List<AttemptRecord> attempts;
    private final List<CompletableFuture<Void>> costSends = new ArrayList<>();

    /** Appends each try's record to {@code attempts}, the task's attempts, oldest first. */
    Billing(WorkerContext ctx, ExecutionTask task, CallPlan plan, List<AttemptRecord> attempts) {
        this.ctx = ctx;
        this.task = task;
        this.plan = plan;
        this.attempts = attempts;
    }

    /** Cost events sent so far; the record may be acknowledged only once these are durable too. */
    CompletableFuture<Void> written() {
        return CompletableFuture.allOf(costSends.toArray(CompletableFuture[]::new));
    }

    /** A further write the record's acknowledgement must wait for (an intent's closing record). */
    void track(CompletableFuture<Void> send) {
        costSends.add(send);
    }

    /**
     * Records an answered call made on {@code profile} and sends its cost event, which closes the call's intent
     * {@code callId}.
     */
    void billed(ProfileRuntime profile, ProviderResponse r, long latencyMs, Instant at, String callId) {
        long cost = price(r, at);
        boolean filtered = r.finish() == FinishKind.CONTENT_FILTER;
        String outcomeCode = filtered ? ProviderCallException.CONTENT_FILTER : "SUCCEEDED";
        String keyProfile = plan.keyProfileLabel(profile);
        attempts.add(new AttemptRecord(
                ctx.provider.id(),
                plan.routeModel(),
                keyProfile,
                outcomeCode,
                filtered ? ErrorKind.CONTENT_FILTER.name() : null,
                latencyMs,
                cost,
                r.inputTokens(),
                r.outputTokens()));
        costSends.add(ctx.out.cost(CostEvents.of(
                        task, ctx.provider.id(), plan.routeModel(), keyProfile, r, cost, latencyMs, outcomeCode, at)
                .setCallId(callId)
                .build()));
        ctx.meters.billed(plan.routeModel(), cost);
    }

    /**
     * Why this task's call may not start: what the request was billed before this task (a content-filtered answer, a
     * cascade's earlier stages) plus the call's worst case exceeds the worst case the router reserved for the whole
     * request ({@code budgets.reservedCostMicros}); empty when it is covered. The worst case is the router's figure, the
     * decision's input tokens and this call's output cap at the price in force at {@code at}, so a cascade's stages and
     * escalation fit the sum the router reserved for them, and a price raised since routing is covered too.
     */
    Optional<String> uncovered(Instant at) {
        long billed = 0;
        for (AttemptRecord a : task.getPreviousAttempts()) {
            billed = Math.addExact(billed, a.getCostMicros());
        }
        long worstCase = worstCase(at);
        long reserved = task.getDecision().getBudgets().getReservedCostMicros();
        if (Math.addExact(billed, worstCase) <= reserved) {
            return Optional.empty();
        }
        return Optional.of("billed " + Money.format(billed) + " so far, and the worst case of a call to "
                + plan.routeModel() + " (" + Money.format(worstCase) + ") exceeds the " + Money.format(reserved)
                + " reserved for the request");
    }

    /**
     * The worst case of this task's call: the decision's input tokens and the call's output cap at the price in force
     * at {@code at}; 0 for a model without a price (billed at 0 for the ledger to reprice, see billed).
     */
    long worstCase(Instant at) {
        try {
            return price(task.getDecision().getFeatures().getInputTokens(), plan.maxOutputTokens(), at);
        } catch (PriceNotFoundException e) {
            return 0;
        }
    }

    /** Records a failed try on {@code profile}: nothing billed. */
    void unbilled(ProfileRuntime profile, ProviderCallException e, long latencyMs) {
        attempts.add(new AttemptRecord(
                ctx.provider.id(),
                plan.routeModel(),
                plan.keyProfileLabel(profile),
                e.outcome(),
                e.kind().name(),
                latencyMs,
                0L,
                0,
                0));
    }

    private long price(ProviderResponse r, Instant at) {
        try {
            return price(r.inputTokens(), r.outputTokens(), at);
        } catch (PriceNotFoundException e) {
            LOG.error(
                    "no price for model {} at {}; cost event {} recorded at 0 for the ledger to reprice",
                    plan.model().id(),
                    at,
                    r.responseId());
            return 0;
        }
    }

    /** Tokens at the model's price in force at {@code at}, as the router prices a worst case and providers bill. */
    private long price(long inputTokens, long outputTokens, Instant at) {
        ModelPrice p = ctx.prices.priceAt(plan.model().id(), at);
        return Money.costMicros(inputTokens, outputTokens, p.inputMicrosPerMillion(), p.outputMicrosPerMillion());
    }
}
