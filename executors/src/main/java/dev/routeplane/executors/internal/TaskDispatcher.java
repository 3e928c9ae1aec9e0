package dev.routeplane.executors.internal;

import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RejectedRecords;
import dev.routeplane.schemas.TaskHeaders;
import dev.routeplane.schemas.TransientFailures;
import dev.routeplane.schemas.UndecodableRecordException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a delivered record into work and its outcome into an acknowledgement. A task that cannot be decoded because
 * the registry is unreachable waits for it (the record is released if its lock runs out first); bytes that are not a
 * task go to the rejected topic, and their request (named by key and header) gets a terminal FAILED result; a
 * redelivered task whose result is already written is accepted without a call; a task at the delivery limit gets a
 * terminal FAILED result (poison task) so the queue never blocks; a task of a cancelled batch that has not started
 * ends CANCELLED without a call ({@link BatchCancellations}); a provider-batch task (its decision's execution mode) goes to
 * the {@link ProviderBatchGatherer}, which acknowledges it once its provider batch is owned. Everything else runs as a
 * {@link TaskExecution}. A record is ACCEPTed only after its outputs are durable (at-least-once) and only while its
 * lock is held; otherwise it is RELEASEd for redelivery. Thread-safe.
 */
public final class TaskDispatcher implements ShareLane.Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDispatcher.class);
    private static final long FIRST_DECODE_BACKOFF_MS = 250;
    private static final long MAX_DECODE_BACKOFF_MS = 2_000;

    private final WorkerContext ctx;
    private final RecordDecoder<ExecutionTask> decoder;
    private final DoneMarkers done;
    private final BatchCancellations cancellations;
    private final int deliveryLimit;
    private final ProviderBatchGatherer gatherer;
    private final TerminalWriter terminals;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();

    public TaskDispatcher(
            WorkerContext ctx,
            RecordDecoder<ExecutionTask> decoder,
            DoneMarkers done,
            BatchCancellations cancellations,
            int deliveryLimit,
            ProviderBatchGatherer gatherer,
            TerminalWriter terminals) {
        this.ctx = ctx;
        this.terminals = terminals;
        this.gatherer = gatherer;
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
        CompletableFuture<AcknowledgeType> ack = new CompletableFuture<>();
        decode(record, lease, ack, 0);
        return ack;
    }

    /**
     * Decodes the task and runs it. The registry unreachable is an outage, not poison: decoding is tried again with
     * backoff while the record's lock is held, then the record is released for a later delivery. Only bytes that are
     * not a task are poison.
     */
    private void decode(
            ConsumerRecord<String, byte[]> record, Lease lease, CompletableFuture<AcknowledgeType> ack, int tries) {
        ExecutionTask task;
        try {
            task = decoder.decode(record.topic(), record.partition(), record.offset(), record.value());
        } catch (UndecodableRecordException e) {
            if (!TransientFailures.isTransient(e)) {
                poison(record, lease, e).whenComplete(complete(ack));
            } else if (!lease.held()) {
                LOG.warn(
                        "task at {}-{}@{} still undecodable ({}) when its lock ran out; releasing it",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.kind());
                ack.complete(AcknowledgeType.RELEASE);
            } else {
                if (tries == 0) {
                    LOG.warn(
                            "task at {}-{}@{} cannot be decoded yet ({}); retrying while its lock is held",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            e.kind());
                }
                long backoff = Math.min(MAX_DECODE_BACKOFF_MS, FIRST_DECODE_BACKOFF_MS << Math.min(tries, 4));
                ctx.scheduler.schedule(
                        () -> ctx.callbacks.execute(() -> decode(record, lease, ack, tries + 1)),
                        backoff,
                        TimeUnit.MILLISECONDS);
            }
            return;
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
            return;
        }
        try {
            run(task, record, lease).whenComplete(complete(ack));
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
    }

    private static java.util.function.BiConsumer<AcknowledgeType, Throwable> complete(
            CompletableFuture<AcknowledgeType> ack) {
        return (type, error) -> {
            if (error != null) {
                ack.completeExceptionally(error);
            } else {
                ack.complete(type);
            }
        };
    }

    /**
     * Bytes that are not a task: dead-lettered with their coordinates and, when the record names its request (key:
     * the tenant, header: the request id), that request ends with a terminal FAILED result, which also releases its
     * budget reservation.
     */
    private CompletableFuture<AcknowledgeType> poison(
            ConsumerRecord<String, byte[]> record, Lease lease, UndecodableRecordException e) {
        String tenant = record.key();
        String requestId = TaskHeaders.requestId(record.headers()).orElse(null);
        LOG.error(
                "undecodable task in {} partition {} offset {} ({}) of request {} of tenant {}; dead-lettering it",
                e.topic(),
                e.partition(),
                e.offset(),
                e.kind(),
                requestId,
                tenant);
        CompletableFuture<Void> deadLetter = ctx.out.rejected(RejectedRecords.withRawValue(
                        RejectedRequest.newBuilder()
                                .setRequestId(requestId)
                                .setTenantId(tenant)
                                .setReasonCode(ReasonCodes.UNDESERIALIZABLE)
                                .setDetail(e.getMessage())
                                .setSourceTopic(record.topic())
                                .setSourcePartition(record.partition())
                                .setSourceOffset(record.offset())
                                .setRejectedAt(ctx.clock.instant()),
                        record.value())
                .build());
        if (tenant == null || requestId == null || done.isDone(tenant, requestId)) {
            return deadLetter.thenApply(x -> AcknowledgeType.ACCEPT);
        }
        ExecutionResult failed = Results.undecodable(tenant, requestId, ctx.clock.instant());
        // Not on the producer's I/O thread, where the dead letter completes: a send from there that needs metadata
        // would wait for that same thread.
        int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        return deadLetter.thenComposeAsync(x -> writeTerminal(failed, null, lease, delivery), ctx.callbacks);
    }

    private CompletableFuture<AcknowledgeType> run(
            ExecutionTask task, ConsumerRecord<String, byte[]> record, Lease lease) {
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
        if (terminals.ownedElsewhere(tenant, request, delivery >= deliveryLimit)) {
            // An earlier delivery claimed the result and may still be writing it (its writes waiting out a broker
            // restart, say): calling again would bill twice and write a second terminal.
            LOG.info(
                    "request {} of tenant {} delivered (delivery {}) while an earlier delivery writes its result;"
                            + " waiting for it",
                    request,
                    tenant,
                    delivery);
            return terminals
                    .awaitOwner(tenant, request, lease, delivery >= deliveryLimit)
                    .thenComposeAsync(
                            wait -> switch (wait) {
                                case DONE -> CompletableFuture.completedFuture(AcknowledgeType.ACCEPT);
                                case LAPSED -> CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
                                case TAKE_OVER -> start(task, record, lease, delivery);
                            },
                            ctx.callbacks);
        }
        return start(task, record, lease, delivery);
    }

    /** Runs a task no other delivery is writing the result of. */
    private CompletableFuture<AcknowledgeType> start(
            ExecutionTask task, ConsumerRecord<String, byte[]> record, Lease lease, int delivery) {
        String tenant = task.getRequest().getTenantId();
        String request = task.getRequest().getRequestId();
        if (cancellations.stops(task)) {
            LOG.info(
                    "request {} of tenant {}: its batch was cancelled before it started; not calling", request, tenant);
            ExecutionResult stopped =
                    Results.failed(task, List.of(), ResultStatus.CANCELLED, ReasonCodes.CANCELLED, ctx.clock.instant());
            return writeTerminal(stopped, task, lease, delivery);
        }
        if (delivery >= deliveryLimit) {
            LOG.error(
                    "request {} of tenant {} delivered {} times without finishing; failing it as a poison task",
                    request,
                    tenant,
                    delivery);
            ExecutionResult poison = Results.failed(
                    task, List.of(), ResultStatus.FAILED, ReasonCodes.DELIVERY_LIMIT, ctx.clock.instant());
            return writeTerminal(poison, task, lease, delivery);
        }
        if (gatherer != null
                && task.getDecision().getExecutionMode() == ExecutionMode.PROVIDER_BATCH
                && task.getDecision().getCascade() == null
                && task.getShadowOf() == null) {
            // Its provider batch's poller writes its result; the record is acknowledged once the batch is owned.
            return gatherer.add(task, lease, record.serializedValueSize());
        }
        TaskExecution execution = new TaskExecution(ctx, task, lease);
        return execution
                .run()
                .thenCompose(outcome -> publish(outcome, task, lease, delivery))
                .thenCompose(type -> execution.costsWritten().thenApply(x -> type));
    }

    private CompletableFuture<AcknowledgeType> publish(
            TaskOutcome outcome, ExecutionTask task, Lease lease, int delivery) {
        if (outcome instanceof TaskOutcome.Terminal t) {
            return writeTerminal(t.result(), task, lease, delivery);
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

    /**
     * Writes the terminal result unless another delivery owns it ({@link TerminalWriter}); {@code task} is null for a
     * task whose bytes did not decode.
     */
    private CompletableFuture<AcknowledgeType> writeTerminal(
            ExecutionResult result, ExecutionTask task, Lease lease, int delivery) {
        return terminals.write(result, lease, delivery >= deliveryLimit, () -> {
            if (result.getShadowOf() != null || task == null) {
                // a shadow call is not a request of the lane (its call is counted and billed as a call); an
                // undecodable task has no lane
                return;
            }
            ctx.meters.terminal(
                    task.getDecision().getLane(),
                    result.getModel() != null
                            ? result.getModel()
                            : task.getDecision().getRoute().getModel(),
                    result.getStatus().name());
        });
    }
}
