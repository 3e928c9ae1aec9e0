package dev.routeplane.executors.internal;

import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PriceNotFoundException;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.executors.BatchLineResult;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ProviderBatchAdapter;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an ended provider batch into each request's outcome: an answered line becomes the request's one terminal
 * result (with the provider batch id) and one cost event at the model's batch price; a line the provider refused for
 * good becomes a FAILED result; a line that never ran (the batch failed, expired or was cancelled first) or failed in a
 * way a retry may fix goes back to synchronous calls on the provider's batch exec topic while the request's deadline
 * allows, else it ends TIMED_OUT; such a line of a Routeplane batch that was cancelled ends CANCELLED. A request that already has its result is left alone. Returns when every output is
 * durable. Thread-safe (stateless apart from its parts).
 */
public final class ProviderBatchSettlement {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderBatchSettlement.class);

    private final WorkerContext ctx;
    private final ProviderBatchAdapter adapter;
    private final DoneMarkers done;
    private final BatchCancellations cancellations;

    public ProviderBatchSettlement(
            WorkerContext ctx, ProviderBatchAdapter adapter, DoneMarkers done, BatchCancellations cancellations) {
        this.ctx = ctx;
        this.adapter = adapter;
        this.done = done;
        this.cancellations = cancellations;
    }

    void settle(ProviderBatch batch, ProviderBatchStatus status) {
        Map<String, BatchLineResult> lines = new HashMap<>();
        if (status.state() != ProviderBatchStatus.State.FAILED) {
            for (BatchLineResult r : adapter.results(status, ProviderBatchTasks.key(ctx, batch.getKeyProfile()))) {
                lines.put(r.customId(), r);
            }
        }
        Instant now = ctx.clock.instant();
        long latency = now.toEpochMilli() - batch.getSubmittedAt().toEpochMilli();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        int answered = 0;
        int fallback = 0;
        int cancelled = 0;
        for (int i = 0; i < batch.getTasks().size(); i++) {
            ExecutionTask task = batch.getTasks().get(i);
            if (done.isDone(task.getRequest().getTenantId(), task.getRequest().getRequestId())) {
                continue;
            }
            BatchLineResult line = lines.get(batch.getCustomIds().get(i));
            if (line != null && line.outcome() == BatchLineResult.Outcome.SUCCEEDED) {
                writes.add(answered(batch, task, line.response(), latency, now));
                answered++;
            } else if (line != null
                    && line.outcome() == BatchLineResult.Outcome.ERRORED
                    && !ErrorPolicy.RETRYABLE.test(line.error())) {
                ProviderCallException e = line.error();
                AttemptRecord a = ProviderBatchTasks.notAnswered(
                        ctx, task, batch.getKeyProfile(), e.outcome(), e.kind().name(), latency);
                writes.add(terminal(
                        batch,
                        Results.failed(task, List.of(a), ResultStatus.FAILED, ErrorPolicy.terminalReason(e), now)));
            } else {
                String why = line == null
                        ? "provider batch " + batch.getProviderBatchId() + " " + status.providerStatus()
                                + " before this line ran"
                        : "line of provider batch " + batch.getProviderBatchId() + " " + line.outcome();
                AttemptRecord a = ProviderBatchTasks.notAnswered(
                        ctx,
                        task,
                        batch.getKeyProfile(),
                        line == null ? "PROVIDER_BATCH_" + status.state() : "PROVIDER_BATCH_" + line.outcome(),
                        line != null && line.error() != null
                                ? line.error().kind().name()
                                : null,
                        latency);
                if (cancellations.cancelled(
                        task.getRequest().getTenantId(), task.getRequest().getBatchId())) {
                    writes.add(terminal(
                            batch,
                            Results.failed(task, List.of(a), ResultStatus.CANCELLED, ReasonCodes.CANCELLED, now)));
                    cancelled++;
                } else if (Deadline.of(task, ctx.clock).passed()) {
                    writes.add(terminal(
                            batch,
                            Results.failed(
                                    task, List.of(a), ResultStatus.TIMED_OUT, ReasonCodes.DEADLINE_EXCEEDED, now)));
                } else {
                    writes.add(ctx.out.forward(ProviderBatchTasks.synchronous(task, why, a)));
                    fallback++;
                }
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        LOG.info(
                "provider batch {} of {} ended {}: {} answered, {} back to synchronous calls, {} cancelled, {} lines",
                batch.getProviderBatchId(),
                ctx.provider.id(),
                status.providerStatus(),
                answered,
                fallback,
                cancelled,
                batch.getTasks().size());
    }

    private CompletableFuture<Void> answered(
            ProviderBatch batch, ExecutionTask task, ProviderResponse r, long latencyMs, Instant at) {
        String routeModel = batch.getModel();
        long cost = batchPrice(routeModel, r, at);
        boolean filtered = r.finish() == FinishKind.CONTENT_FILTER;
        String outcome = filtered ? ProviderCallException.CONTENT_FILTER : "SUCCEEDED";
        AttemptRecord attempt = new AttemptRecord(
                ctx.provider.id(),
                routeModel,
                batch.getKeyProfile(),
                outcome,
                filtered ? ErrorKind.CONTENT_FILTER.name() : null,
                latencyMs,
                cost,
                r.inputTokens(),
                r.outputTokens());
        CompletableFuture<Void> costSent = ctx.out.cost(CostEvents.of(
                        task, ctx.provider.id(), routeModel, batch.getKeyProfile(), r, cost, latencyMs, outcome, at)
                .setExecutionMode(ExecutionMode.PROVIDER_BATCH)
                .setProviderBatchId(batch.getProviderBatchId())
                .build());
        ctx.meters.billed(routeModel, cost);
        ExecutionResult result;
        if (filtered) {
            result = Results.failed(task, List.of(attempt), ResultStatus.FAILED, ReasonCodes.CONTENT_FILTER, at);
        } else {
            int cap = task.getDecision().getBudgets().getMaxOutputTokens();
            Caps.Capped capped = Caps.apply(r, task.getDecision(), cap);
            result = Results.succeeded(
                    task,
                    List.of(attempt),
                    ctx.provider.id(),
                    routeModel,
                    r.text(),
                    capped.toolCalls(),
                    capped.finishReason(),
                    at);
        }
        return CompletableFuture.allOf(costSent, terminal(batch, result));
    }

    private CompletableFuture<Void> terminal(ProviderBatch batch, ExecutionResult result) {
        result.setProviderBatchId(batch.getProviderBatchId());
        return ctx.out.result(result).thenRun(() -> done.markDone(result.getTenantId(), result.getRequestId()));
    }

    private long batchPrice(String model, ProviderResponse r, Instant at) {
        try {
            ModelPrice p = ctx.prices.priceAt(model, at).forMode(true);
            return Money.costMicros(
                    r.inputTokens(), r.outputTokens(), p.inputMicrosPerMillion(), p.outputMicrosPerMillion());
        } catch (PriceNotFoundException e) {
            LOG.error("no price for model {} at {}; cost event recorded at 0 for the ledger to reprice", model, at);
            return 0;
        }
    }
}
