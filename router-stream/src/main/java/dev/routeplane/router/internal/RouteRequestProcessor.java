package dev.routeplane.router.internal;

import dev.routeplane.config.Tenant;
import dev.routeplane.config.ToolPolicy;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolApproval;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.Rejection;
import dev.routeplane.router.RouterTopology;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.TaskHeaders;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The router's main processor: decode, validate, de-duplicate, route, and emit exactly one of
 * (decision + task) or (rejection [+ refused result]) per input record. Decoding happens here rather than in a
 * deserializer so bad bytes become a rejection inside the same transaction, with their coordinates.
 *
 * <p>A request of a cancelled batch ({@code rp.batches.v1}, a global store) is refused {@code CANCELLED}. A batch
 * request that does not fit the budget only because of other requests' outstanding reservations waits in
 * {@link ParkedRequests} and is routed again every {@link RouterRuntime#PARKED_RETRY_INTERVAL}, oldest first.
 */
public final class RouteRequestProcessor implements Processor<String, byte[], String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteRequestProcessor.class);
    /** Waiting requests routed again per run of the retry punctuation, bounding the time one run takes. */
    private static final int PARKED_RETRIES_PER_RUN = 2_000;

    private final RouterRuntime rt;
    private ProcessorContext<String, SpecificRecord> context;
    private BudgetLedger ledger;
    private DedupeIndex dedupe;
    private ApprovalIndex approvals;
    private LiveSignals live;
    private ParkedRequests parked;
    private CachedDecoder<BatchState> batches;
    /** An interactive request was processed since this task last asked for a commit. */
    private boolean interactiveWaiting;

    public RouteRequestProcessor(RouterRuntime runtime) {
        this.rt = runtime;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.ledger = new BudgetLedger(new KeyValueBudgetStore(
                context.getStateStore(RouterTopology.BUDGET_STORE),
                context.getStateStore(RouterTopology.RESERVATION_STORE)));
        this.dedupe = new DedupeIndex(
                context.getStateStore(RouterTopology.DEDUPE_STORE), RouterRuntime.DEDUPE_RETENTION.toMillis());
        this.approvals = new ApprovalIndex(
                context.getStateStore(RouterTopology.APPROVAL_STORE), RouterRuntime.APPROVAL_RETENTION.toMillis());
        this.live = new LiveSignals(
                new CachedDecoder<>(
                        rt.topics.providerHealth().name(),
                        rt.health,
                        context.getStateStore(RouterTopology.HEALTH_STORE)),
                new CachedDecoder<>(
                        rt.topics.routeStats().name(), rt.stats, context.getStateStore(RouterTopology.STATS_STORE)),
                new CachedDecoder<>(
                        rt.topics.aliases().name(), rt.aliases, context.getStateStore(RouterTopology.ALIAS_STORE)));
        context.schedule(
                RouterRuntime.DEDUPE_PURGE_INTERVAL,
                PunctuationType.WALL_CLOCK_TIME,
                now -> dedupe.purge(rt.clock.millis()));
        this.parked = new ParkedRequests(context.getStateStore(RouterTopology.PARKED_STORE));
        this.batches = new CachedDecoder<>(
                rt.topics.batches().name(), rt.batches, context.getStateStore(RouterTopology.BATCHES_STORE));
        context.schedule(RouterRuntime.PARKED_RETRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> retryParked());
        context.schedule(InteractiveCommits.GAP, PunctuationType.WALL_CLOCK_TIME, this::commitForInteractive);
    }

    /** Asks Streams to commit after this poll if an interactive request waits and the router's pacer allows it. */
    private void commitForInteractive(long nowMs) {
        if (interactiveWaiting && rt.interactiveCommits.mayAsk(nowMs)) {
            interactiveWaiting = false;
            context.commit();
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long started = System.nanoTime();
        try {
            processTimed(record);
        } finally {
            rt.meters.processed(System.nanoTime() - started);
            MDC.remove("tenantId");
            MDC.remove("requestId");
        }
    }

    private void processTimed(Record<String, byte[]> record) {
        Optional<RecordMetadata> md = context.recordMetadata();
        String topic = md.map(RecordMetadata::topic).orElse(rt.topics.requests().name());
        int partition = md.map(RecordMetadata::partition).orElse(-1);
        long offset = md.map(RecordMetadata::offset).orElse(-1L);
        RouteRequest request;
        try {
            request = rt.requests.decode(topic, partition, offset, record.value());
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                throw e; // registry unreachable: fail the transaction and retry rather than reject good input
            }
            rejectUndecodable(record, topic, partition, offset, e.kind() + ": " + e.detail());
            return;
        }
        if (request == null) {
            rejectUndecodable(record, topic, partition, offset, "null value (tombstone); a request must have a value");
            return;
        }
        // Log lines about this request carry its ids (structured logs), never its text.
        if (request.getTenantId() != null) {
            MDC.put("tenantId", request.getTenantId());
        }
        if (request.getRequestId() != null) {
            MDC.put("requestId", request.getRequestId());
        }
        Instant now = rt.clock.instant();
        try {
            route(record, request, topic, partition, offset, now);
        } catch (RuntimeException e) {
            if (e instanceof UndecodableRecordException u && u.kind().retriable()) {
                throw e;
            }
            // The exception's message is not logged: nothing guarantees it is free of prompt text.
            LOG.error(
                    "Routing failed for request {} of tenant {} at {}-{}@{}: {} {}",
                    request.getRequestId(),
                    request.getTenantId(),
                    topic,
                    partition,
                    offset,
                    e.getClass().getName(),
                    stackOnly(e));
            reject(
                    record,
                    request,
                    new Rejection(
                            ReasonCodes.INTERNAL_ERROR,
                            "the router failed on this request (" + e.getClass().getSimpleName()
                                    + "); it was not routed, resubmit it or report the requestId"),
                    ResultStatus.REJECTED,
                    topic,
                    partition,
                    offset,
                    now);
        }
        if (request.getHints() != null && request.getHints().getLatencyClass() == LatencyClass.INTERACTIVE) {
            // A person waits for this one: its task becomes visible at the next commit (InteractiveCommits).
            long nowMs = context.currentSystemTimeMs();
            if (InteractiveCommits.keepingUp(record.timestamp(), nowMs)) {
                interactiveWaiting = true;
                commitForInteractive(nowMs);
            }
        }
    }

    private void route(
            Record<String, byte[]> record,
            RouteRequest request,
            String topic,
            int partition,
            long offset,
            Instant now) {
        Optional<Rejection> invalid = rt.validator.validate(request);
        if (invalid.isEmpty() && !request.getTenantId().equals(record.key())) {
            invalid = Optional.of(new Rejection(
                    ReasonCodes.SCHEMA_INVALID,
                    "record key '" + record.key()
                            + "' differs from tenantId '" + request.getTenantId()
                            + "'; produce requests keyed by tenantId so budgets stay in one partition"));
        }
        if (invalid.isPresent()) {
            reject(record, request, invalid.get(), ResultStatus.REJECTED, topic, partition, offset, now);
            return;
        }
        if (duplicate(record, request, topic, partition, offset, now)) {
            return;
        }
        if (cancelled(request)) {
            refuseCancelled(record, request, topic, partition, offset, now);
            return;
        }
        boolean batch = request.getHints().getLatencyClass() == LatencyClass.BATCH;
        if (batch && parked.any(request.getTenantId()) || !decide(record, request, topic, partition, offset, now)) {
            // Behind the tenant's batch requests already waiting for budget, or waiting itself: routed again later.
            parked.park(request.getTenantId(), partition, offset, record.value());
        }
    }

    /** True, refusing the request as DUPLICATE_REQUEST, when it was routed before. */
    private boolean duplicate(
            Record<String, byte[]> record,
            RouteRequest request,
            String topic,
            int partition,
            long offset,
            Instant now) {
        byte[] dedupeId = DedupeIndex.id(request.getTenantId(), request.getRequestId());
        Long routedAt = dedupe.routedAt(dedupeId, now.toEpochMilli());
        if (routedAt != null) {
            Rejection duplicate = new Rejection(
                    ReasonCodes.DUPLICATE_REQUEST,
                    "request " + request.getRequestId()
                            + " of tenant " + request.getTenantId() + " was already routed at "
                            + Instant.ofEpochMilli(routedAt)
                            + "; its result comes on the results topic, use a new requestId for a new request");
            context.forward(
                    new Record<String, SpecificRecord>(
                            request.getTenantId(),
                            RecordFactory.rejected(
                                    request.getRequestId(),
                                    request.getTenantId(),
                                    duplicate,
                                    topic,
                                    partition,
                                    offset,
                                    null,
                                    now),
                            record.timestamp()),
                    RouterTopology.REJECTED_SINK);
            rt.meters.rejected(ReasonCodes.DUPLICATE_REQUEST);
            return true;
        }
        return false;
    }

    /** Whether the request's batch was cancelled ({@code rp.batches.v1}); such a request is never routed. */
    private boolean cancelled(RouteRequest request) {
        if (request.getBatchId() == null) {
            return false;
        }
        BatchState state = batches.get(Topics.batchKey(request.getTenantId(), request.getBatchId()));
        return state != null && (state.getPhase() == BatchPhase.CANCELLING || state.getPhase() == BatchPhase.CANCELLED);
    }

    private void refuseCancelled(
            Record<String, byte[]> record,
            RouteRequest request,
            String topic,
            int partition,
            long offset,
            Instant now) {
        reject(
                record,
                request,
                new Rejection(
                        ReasonCodes.CANCELLED,
                        "batch " + request.getBatchId() + " of tenant " + request.getTenantId()
                                + " was cancelled before this request was routed; it did not run and was not billed"),
                ResultStatus.CANCELLED,
                topic,
                partition,
                offset,
                now);
    }

    /** Routes the request or refuses it; false, doing nothing, when it must wait for reservations to settle. */
    private boolean decide(
            Record<String, byte[]> record,
            RouteRequest request,
            String topic,
            int partition,
            long offset,
            Instant now) {
        Tenant tenant = rt.config.tenants().get(request.getTenantId());
        List<ToolApproval> approvals = approvalsNeeded(request, tenant, now);
        Optional<Rejection> toolRefusal = toolRefusal(request, tenant, approvals);
        if (toolRefusal.isPresent()) {
            reject(record, request, toolRefusal.get(), ResultStatus.REJECTED, topic, partition, offset, now);
            return true;
        }
        RoutingEngine.Outcome outcome = rt.engine.route(request, tenant, now, live, ledger, approvals);
        if (outcome.waiting()) {
            return false;
        }
        if (outcome.decision() == null) {
            reject(record, request, outcome.rejection(), outcome.status(), topic, partition, offset, now);
            return true;
        }
        RoutingDecision decision = outcome.decision();
        byte[] dedupeId = DedupeIndex.id(request.getTenantId(), request.getRequestId());
        dedupe.remember(dedupeId, now.toEpochMilli());
        String key = request.getTenantId();
        context.forward(
                new Record<String, SpecificRecord>(key, decision, record.timestamp()), RouterTopology.DECISIONS_SINK);
        ExecutionTask task = ExecutionTask.newBuilder()
                .setRequest(request)
                .setDecision(decision)
                .setAttempt(1)
                .setPreviousAttempts(List.of())
                .setCascadeStage(decision.getCascade() == null ? null : 0) // a cascade starts at its first cheap stage
                .build();
        context.forward(
                new Record<String, SpecificRecord>(key, task, record.timestamp(), taskHeaders(request.getRequestId())),
                RouterTopology.EXEC_SINK);
        RoutingDecision shadow = outcome.shadow();
        if (shadow != null) {
            // No decision record of its own: rp.decisions.v1 holds one decision per request, and this one names it.
            ExecutionTask shadowTask = ExecutionTask.newBuilder()
                    .setRequest(RouteRequest.newBuilder(request)
                            .setRequestId(shadow.getRequestId())
                            .build())
                    .setDecision(shadow)
                    .setAttempt(1)
                    .setPreviousAttempts(List.of())
                    .setShadowOf(request.getRequestId())
                    .build();
            context.forward(
                    new Record<String, SpecificRecord>(
                            key, shadowTask, record.timestamp(), taskHeaders(shadow.getRequestId())),
                    RouterTopology.EXEC_SINK);
        }
        rt.meters.decided(
                decision.getLane(),
                decision.getRoute().getProvider(),
                decision.getRoute().getModel());
        return true;
    }

    /**
     * Routes again the batch requests waiting for budget, oldest first per tenant, as reservations have settled since:
     * each is routed, or refused (its batch cancelled, its deadline passed, or over what the tenant has unspent), or
     * keeps waiting, and then so do the tenant's later ones.
     */
    private void retryParked() {
        parked.retry(PARKED_RETRIES_PER_RUN, (tenantId, partition, offset, value) -> {
            String topic = rt.topics.requests().name();
            RouteRequest request;
            try {
                request = rt.requests.decode(topic, partition, offset, value);
            } catch (UndecodableRecordException e) {
                if (e.kind().retriable()) {
                    return false; // the registry is away: try again on the next run
                }
                LOG.error(
                        "A parked request at {}-{}@{} no longer decodes ({}); dropped",
                        topic,
                        partition,
                        offset,
                        e.kind());
                return true;
            }
            Instant now = rt.clock.instant();
            Record<String, byte[]> record = new Record<>(tenantId, value, now.toEpochMilli());
            MDC.put("tenantId", tenantId);
            MDC.put("requestId", request.getRequestId());
            try {
                if (duplicate(record, request, topic, partition, offset, now)) {
                    return true;
                }
                if (cancelled(request)) {
                    refuseCancelled(record, request, topic, partition, offset, now);
                    return true;
                }
                long deadline = request.getHints().getDeadlineMs() != null
                        ? request.getHints().getDeadlineMs()
                        : rt.config.router().defaultBatchDeadlineMs();
                if (now.isAfter(request.getSubmittedAt().plusMillis(deadline))) {
                    reject(
                            record,
                            request,
                            new Rejection(
                                    ReasonCodes.DEADLINE_EXCEEDED,
                                    "the request waited for budget until its deadline passed; it did not run"),
                            ResultStatus.TIMED_OUT,
                            topic,
                            partition,
                            offset,
                            now);
                    return true;
                }
                return decide(record, request, topic, partition, offset, now);
            } finally {
                MDC.remove("tenantId");
                MDC.remove("requestId");
            }
        });
    }

    /** The trusted approvals of the request's tools that need one; looked up only when a tool does. */
    private List<ToolApproval> approvalsNeeded(RouteRequest request, Tenant tenant, Instant now) {
        List<ToolApproval> needed = new ArrayList<>(0);
        List<ToolApproval> given = null;
        for (ToolSpec tool : request.getHints().getTools()) {
            if (ToolPolicy.needsApproval(tenant, tool.getName())) {
                if (given == null) {
                    given = approvals.approvals(request.getTenantId(), request.getRequestId(), now);
                }
                given.stream()
                        .filter(a -> a.getTool().equals(tool.getName()))
                        .findFirst()
                        .ifPresent(needed::add);
            }
        }
        return needed;
    }

    /** The tenant's tool policy, with only trusted approvals: a request's own hints.approvals grants nothing. */
    private static Optional<Rejection> toolRefusal(RouteRequest request, Tenant tenant, List<ToolApproval> approvals) {
        List<String> tools = new ArrayList<>(request.getHints().getTools().size());
        request.getHints().getTools().forEach(t -> tools.add(t.getName()));
        Set<String> approved = new HashSet<>();
        approvals.forEach(a -> approved.add(a.getTool()));
        return ToolPolicy.refusal(tenant, tools, approved).map(refusal -> switch (refusal.rule()) {
            case NOT_ALLOWED ->
                new Rejection(ReasonCodes.TOOL_NOT_ALLOWED, refusal.reason() + "; remove it or ask to have it allowed");
            case APPROVAL_REQUIRED ->
                new Rejection(
                        ReasonCodes.APPROVAL_REQUIRED,
                        refusal.reason() + " and request " + request.getRequestId() + " has no approval for it:"
                                + " approve this request id first (routeplane approve --tenant " + tenant.id()
                                + " --request " + request.getRequestId() + " --tool " + refusal.tool()
                                + ", or POST /v1/approvals with an approver key), then send it;"
                                + " hints.approvals grants nothing on its own");
        });
    }

    private void reject(
            Record<String, byte[]> record,
            RouteRequest request,
            Rejection rejection,
            ResultStatus status,
            String topic,
            int partition,
            long offset,
            Instant now) {
        String tenantId = blankToNull(request.getTenantId());
        String requestId = blankToNull(request.getRequestId());
        String key = tenantId != null ? tenantId : fallbackKey(record, topic, partition, offset);
        RejectedRequest rejected =
                RecordFactory.rejected(requestId, tenantId, rejection, topic, partition, offset, null, now);
        context.forward(
                new Record<String, SpecificRecord>(key, rejected, record.timestamp()), RouterTopology.REJECTED_SINK);
        rt.meters.rejected(rejection.reasonCode());
        if (tenantId != null && requestId != null) {
            context.forward(
                    new Record<String, SpecificRecord>(
                            key, RecordFactory.refusedResult(request, rejection, status, now), record.timestamp()),
                    RouterTopology.RESULTS_SINK);
        }
    }

    private void rejectUndecodable(
            Record<String, byte[]> record, String topic, int partition, long offset, String why) {
        Rejection rejection = new Rejection(
                ReasonCodes.UNDESERIALIZABLE,
                "value at " + topic + " partition " + partition + " offset " + offset + " is not a RouteRequest: " + why
                        + "; produce it with the registry Avro serializer");
        RejectedRequest rejected = RecordFactory.rejected(
                null, null, rejection, topic, partition, offset, record.value(), rt.clock.instant());
        context.forward(
                new Record<String, SpecificRecord>(
                        fallbackKey(record, topic, partition, offset), rejected, record.timestamp()),
                RouterTopology.REJECTED_SINK);
        rt.meters.rejected(ReasonCodes.UNDESERIALIZABLE);
    }

    /** A task names its request in a header too, so an executor can end the request even if the bytes break. */
    private static Headers taskHeaders(String requestId) {
        return TaskHeaders.withRequestId(new RecordHeaders(), requestId);
    }

    /** The record's own key (normally the tenant), else {@code topic-partition@offset}. */
    private static String fallbackKey(Record<String, byte[]> record, String topic, int partition, long offset) {
        return record.key() != null && !record.key().isBlank() ? record.key() : topic + "-" + partition + "@" + offset;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String stackOnly(Throwable e) {
        StackTraceElement[] stack = e.getStackTrace();
        return stack.length == 0 ? "(no stack)" : "at " + stack[0];
    }
}
