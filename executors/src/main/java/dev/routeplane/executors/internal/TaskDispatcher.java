package dev.routeplane.executors.internal;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RejectedRecords;
import dev.routeplane.schemas.UndecodableRecordException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a delivered record into work and its outcome into an acknowledgement. Undecodable bytes go to the rejected
 * topic; a redelivered task whose result is already written is accepted without a call; a task at the delivery
 * limit gets a terminal FAILED result (poison task) so the queue never blocks; a task of a cancelled batch that has
 * not started ends CANCELLED without a call ({@link BatchCancellations}). Everything else runs as a
 * {@link TaskExecution}. A record is ACCEPTed only after its outputs are durable (at-least-once) and only while its
 * lock is held; otherwise it is RELEASEd for redelivery. Thread-safe.
 */
public final class TaskDispatcher implements ShareLane.Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDispatcher.class);

    private final WorkerContext ctx;
    private final RecordDecoder<ExecutionTask> decoder;
    private final DoneMarkers done;
    private final BatchCancellations cancellations;
    private final int deliveryLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();

    public TaskDispatcher(
            WorkerContext ctx,
            RecordDecoder<ExecutionTask> decoder,
            DoneMarkers done,
            BatchCancellations cancellations,
            int deliveryLimit) {
        this.ctx = ctx;
        this.decoder = decoder;
        this.done = done;
        this.cancellations = cancellations;
        this.deliveryLimit = deliveryLimit;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int peakInFlight() {
        return peak.get();
    }

    public long completed() {
        return completed.get();
    }

    @Override
    public void dispatch(ConsumerRecord<String, byte[]> record, ShareLane lane, Lease lease) {
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        CompletableFuture<AcknowledgeType> ack;
        try {
            ack = handle(record, lease);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        ack.whenComplete((type, error) -> {
            if (error != null) {
                LOG.warn(
                        "task at {}-{}@{} not finished ({}); releasing it for redelivery",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        error.toString());
            }
            inFlight.decrementAndGet();
            completed.incrementAndGet();
            lane.acknowledge(record, error == null ? type : AcknowledgeType.RELEASE);
        });
    }

    private CompletableFuture<AcknowledgeType> handle(ConsumerRecord<String, byte[]> record, Lease lease) {
        ExecutionTask task;
        try {
            task = decoder.decode(record.topic(), record.partition(), record.offset(), record.value());
        } catch (UndecodableRecordException e) {
            LOG.error(
                    "undecodable task in {} partition {} offset {} ({}); publishing it as rejected and moving on",
                    e.topic(),
                    e.partition(),
                    e.offset(),
                    e.kind());
            return ctx.out
                    .rejected(RejectedRecords.withRawValue(
                                    RejectedRequest.newBuilder()
                                            .setRequestId(null)
                                            .setTenantId(null)
                                            .setReasonCode(ReasonCodes.UNDESERIALIZABLE)
                                            .setDetail(e.getMessage())
                                            .setSourceTopic(record.topic())
                                            .setSourcePartition(record.partition())
                                            .setSourceOffset(record.offset())
                                            .setRejectedAt(ctx.clock.instant()),
                                    record.value())
                            .build())
                    .thenApply(x -> AcknowledgeType.ACCEPT);
        }
        if (task == null) {
            return CompletableFuture.completedFuture(AcknowledgeType.ACCEPT); // a tombstone carries no work
        }
        String tenant = task.getRequest().getTenantId();
        String request = task.getRequest().getRequestId();
        int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        // Checked on every delivery, not only redeliveries: a fallback task forwarded twice (the forwarding record
        // redelivered after a crash before its ack) arrives on the next provider's topic as a first delivery.
        if (done.isDone(tenant, request)) {
            LOG.info(
                    "request {} of tenant {} delivered (delivery {}, attempt {}) after its result was written; not"
                            + " calling again",
                    request,
                    tenant,
                    delivery,
                    task.getAttempt());
            return CompletableFuture.completedFuture(AcknowledgeType.ACCEPT);
        }
        if (cancellations.stops(task)) {
            LOG.info(
                    "request {} of tenant {}: its batch was cancelled before it started; not calling", request, tenant);
            ExecutionResult stopped =
                    Results.failed(task, List.of(), ResultStatus.CANCELLED, ReasonCodes.CANCELLED, ctx.clock.instant());
            return writeTerminal(stopped, task, lease);
        }
        if (delivery >= deliveryLimit) {
            LOG.error(
                    "request {} of tenant {} delivered {} times without finishing; failing it as a poison task",
                    request,
                    tenant,
                    delivery);
            ExecutionResult poison = Results.failed(
                    task, List.of(), ResultStatus.FAILED, ReasonCodes.DELIVERY_LIMIT, ctx.clock.instant());
            return writeTerminal(poison, task, lease);
        }
        TaskExecution execution = new TaskExecution(ctx, task, lease);
        return execution
                .run()
                .thenCompose(outcome -> publish(outcome, task, lease))
                .thenCompose(type -> execution.costsWritten().thenApply(x -> type));
    }

    private CompletableFuture<AcknowledgeType> publish(TaskOutcome outcome, ExecutionTask task, Lease lease) {
        if (outcome instanceof TaskOutcome.Terminal t) {
            return writeTerminal(t.result(), task, lease);
        }
        if (outcome instanceof TaskOutcome.Forward f) {
            return forward(f.next(), lease, true);
        }
        if (outcome instanceof TaskOutcome.CascadeStep s) {
            return forward(s.next(), lease, false);
        }
        LOG.info("task abandoned: {}", ((TaskOutcome.Abandon) outcome).why());
        return CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
    }

    private CompletableFuture<AcknowledgeType> forward(ExecutionTask next, Lease lease, boolean fallback) {
        if (!lease.held()) {
            return CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
        }
        return ctx.out.forward(next).thenApply(x -> {
            if (fallback) {
                ctx.meters.fallback(next.getDecision().getRoute().getProvider());
            }
            return AcknowledgeType.ACCEPT;
        });
    }

    private CompletableFuture<AcknowledgeType> writeTerminal(ExecutionResult result, ExecutionTask task, Lease lease) {
        if (!lease.held()) {
            // Another worker may own the record by now; it writes the verdict, we must not write a second one.
            return CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
        }
        return ctx.out.result(result).thenApply(x -> {
            done.markDone(result.getTenantId(), result.getRequestId());
            if (result.getShadowOf() != null) {
                return AcknowledgeType.ACCEPT; // not a request of the lane: its call is counted and billed as a call
            }
            ctx.meters.terminal(
                    task.getDecision().getLane(),
                    result.getModel() != null
                            ? result.getModel()
                            : task.getDecision().getRoute().getModel(),
                    result.getStatus().name());
            return AcknowledgeType.ACCEPT;
        });
    }
}
