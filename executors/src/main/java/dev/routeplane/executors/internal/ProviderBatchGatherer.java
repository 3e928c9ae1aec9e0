package dev.routeplane.executors.internal;

import dev.routeplane.config.Model;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.ProviderBatchAdapter;
import dev.routeplane.executors.ProviderBatchAdapter.BatchLine;
import dev.routeplane.executors.ProviderBatchSettings;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers one worker's provider-batch tasks into provider batches, one model per batch (OpenAI-compatible batches
 * take one model), and submits a batch when it holds {@code maxRequests} tasks or {@code maxBytes} of them, or its
 * first task has waited {@code maxGather}. After the provider accepted a batch, its ownership record (the tasks and
 * their line ids) is written to {@code rp.provider-batches.v1}; only once that is durable are the tasks' share-group
 * records acknowledged, and from then on the provider's batch poller ({@link ProviderBatchPoller}) owns them. A task
 * delivered again although a provider batch already owns it ({@link ProviderBatchOwnership}: its worker died between
 * the ownership record and the acknowledgement) is acknowledged without being gathered again. A batch
 * the provider refuses sends its tasks back to synchronous calls. Submissions run on one thread of their own (an
 * upload blocks). Thread-safe.
 */
public final class ProviderBatchGatherer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderBatchGatherer.class);
    private static final long OWNERSHIP_PATIENCE_S = 30;

    private final WorkerContext ctx;
    private final ProviderBatchAdapter adapter;
    private final DoneMarkers done;
    private final ProviderBatchOwnership ownership;
    private final Consumer<String> afterOwnershipRecorded;
    private final int maxRequests;
    private final long maxBytes;
    private final long maxGatherMs;
    private final Map<String, Gathering> open = new HashMap<>();
    private final ExecutorService submitter;

    private record Pending(ExecutionTask task, Lease lease, CompletableFuture<AcknowledgeType> ack) {}

    private static final class Gathering {
        final List<Pending> tasks = new ArrayList<>();
        long bytes;
        ScheduledFuture<?> timer;
    }

    /**
     * @param afterOwnershipRecorded a test seam, called with the provider batch id once its ownership record is durable
     *     and before its tasks are acknowledged; if it throws, the tasks' records are released unacknowledged, as a
     *     worker that crashed at that point would leave them
     */
    public ProviderBatchGatherer(
            WorkerContext ctx,
            ProviderBatchAdapter adapter,
            DoneMarkers done,
            ProviderBatchOwnership ownership,
            ProviderBatchSettings settings,
            Consumer<String> afterOwnershipRecorded) {
        this.ctx = ctx;
        this.adapter = adapter;
        this.done = done;
        this.ownership = ownership;
        this.afterOwnershipRecorded = afterOwnershipRecorded;
        int providerMax =
                ctx.provider.batchApi().map(a -> a.maxRequestsPerBatch()).orElse(settings.maxRequests());
        this.maxRequests = Math.min(settings.maxRequests(), providerMax);
        this.maxBytes = settings.maxBytes();
        this.maxGatherMs = settings.maxGather().toMillis();
        this.submitter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "routeplane-pbatch-submit-" + ctx.provider.id());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds a task to the provider batch of its model; the future completes with the acknowledgement for its record once
     * the batch is submitted and owned (ACCEPT), the task went back to synchronous calls (ACCEPT), or its lock lapsed
     * first (RELEASE).
     */
    public CompletableFuture<AcknowledgeType> add(ExecutionTask task, Lease lease, int bytes) {
        Pending p = new Pending(task, lease, new CompletableFuture<>());
        String model = task.getDecision().getRoute().getModel();
        List<Pending> full = null;
        synchronized (open) {
            Gathering g = open.computeIfAbsent(model, m -> new Gathering());
            if (!g.tasks.isEmpty() && g.bytes + bytes > maxBytes) {
                full = take(model);
                g = open.computeIfAbsent(model, m -> new Gathering());
            }
            g.tasks.add(p);
            g.bytes += Math.max(0, bytes);
            if (g.tasks.size() >= maxRequests) {
                List<Pending> now = take(model);
                submitLater(model, now);
            } else if (g.timer == null) {
                g.timer = ctx.scheduler.schedule(
                        () -> {
                            List<Pending> due;
                            synchronized (open) {
                                due = take(model);
                            }
                            submitLater(model, due);
                        },
                        maxGatherMs,
                        TimeUnit.MILLISECONDS);
            }
        }
        if (full != null) {
            submitLater(model, full);
        }
        return p.ack;
    }

    /** Removes and returns the gathering of {@code model}; call holding the lock on {@code open}. */
    private List<Pending> take(String model) {
        Gathering g = open.remove(model);
        if (g == null) {
            return List.of();
        }
        if (g.timer != null) {
            g.timer.cancel(false);
        }
        return g.tasks;
    }

    private void submitLater(String model, List<Pending> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        try {
            submitter.execute(() -> submit(model, tasks));
        } catch (RuntimeException e) {
            tasks.forEach(p -> p.ack.complete(AcknowledgeType.RELEASE)); // closing
        }
    }

    private void submit(String routeModel, List<Pending> gathered) {
        try {
            // Every ownership record durable before now is in the view: a task delivered again after its batch's
            // record was written (its worker died before the acknowledgement) is recognised below.
            ownership.caughtUp().get(OWNERSHIP_PATIENCE_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "provider-batch ownership of {} not readable ({}); releasing {} tasks for a later delivery",
                    ctx.provider.id(),
                    e.toString(),
                    gathered.size());
            gathered.forEach(p -> p.ack.complete(AcknowledgeType.RELEASE));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gathered.forEach(p -> p.ack.complete(AcknowledgeType.RELEASE));
            return;
        }
        List<Pending> live = new ArrayList<>(gathered.size());
        List<Pending> synchronous = new ArrayList<>(0);
        for (Pending p : gathered) {
            String tenant = p.task.getRequest().getTenantId();
            String owner = ownership.ownerOf(tenant, p.task.getRequest().getRequestId());
            if (done.isDone(tenant, p.task.getRequest().getRequestId())) {
                p.ack.complete(AcknowledgeType.ACCEPT);
            } else if (owner != null) {
                // Its batch's poller writes its result (or sends it back to synchronous calls).
                LOG.info(
                        "request {} of tenant {} delivered again after provider batch {} took it; not gathering it"
                                + " again",
                        p.task.getRequest().getRequestId(),
                        tenant,
                        owner);
                p.ack.complete(AcknowledgeType.ACCEPT);
            } else if (!p.lease.held()) {
                p.ack.complete(AcknowledgeType.RELEASE);
            } else if (ctx.policy.refusal(p.task, ctx.provider.id()).isPresent()
                    || ctx.config.tenants().get(tenant) == null
                    || ctx.config.tenants().get(tenant).providerKeys().containsKey(ctx.provider.id())) {
                // The synchronous path refuses it with the reason code it has always used; a tenant's own key is
                // billed per call, not through our provider batches.
                synchronous.add(p);
            } else {
                live.add(p);
            }
        }
        if (!synchronous.isEmpty()) {
            toSynchronous(synchronous, "policy re-check or the tenant's own key");
        }
        if (live.isEmpty()) {
            return;
        }
        Optional<Model> model = ctx.policy.model(ctx.provider.id(), routeModel);
        Optional<ProfileRuntime> profile = ProviderBatchTasks.profile(ctx);
        if (model.isEmpty() || profile.isEmpty()) {
            toSynchronous(live, model.isEmpty() ? "unknown model " + routeModel : "no key profile serves batch work");
            return;
        }
        List<BatchLine> lines = new ArrayList<>(live.size());
        List<String> ids = new ArrayList<>(live.size());
        List<ExecutionTask> tasks = new ArrayList<>(live.size());
        for (int i = 0; i < live.size(); i++) {
            ExecutionTask t = live.get(i).task;
            String id = ProviderBatchTasks.customId(t, i);
            ids.add(id);
            tasks.add(t);
            lines.add(new BatchLine(id, CallPlan.of(ctx, t, model.get()).call()));
        }
        String profileId = profile.get().profileId();
        // Names the batch at the provider before any record does: a batch created by a worker that died before its
        // ownership record was written is found by this id (metadata, and this log line).
        String gathering = UUID.randomUUID().toString();
        LOG.info(
                "submitting gathering {} of {} {} requests to {}",
                gathering,
                live.size(),
                routeModel,
                ctx.provider.id());
        ProviderBatchStatus status;
        try {
            ApiKey key = ProviderBatchTasks.key(ctx, profileId);
            status = adapter.submit(
                    lines, key, Map.of("routeplane_provider", ctx.provider.id(), "routeplane_gathering", gathering));
        } catch (ProviderCallException e) {
            LOG.warn(
                    "provider {} refused a batch of {} {} requests ({}: {}); running them as synchronous calls",
                    ctx.provider.id(),
                    live.size(),
                    routeModel,
                    e.outcome(),
                    e.getMessage());
            toSynchronous(live, "provider batch not accepted (" + e.outcome() + ")");
            return;
        }
        ProviderBatch record = ProviderBatch.newBuilder()
                .setProviderBatchId(status.batchId())
                .setProvider(ctx.provider.id())
                .setModel(routeModel)
                .setKeyProfile(profileId)
                .setSubmittedAt(ctx.clock.instant())
                .setCustomIds(ids)
                .setTasks(tasks)
                .build();
        try {
            ctx.out
                    .providerBatch(Topics.providerBatchKey(ctx.provider.id(), status.batchId()), record)
                    .join();
        } catch (RuntimeException e) {
            // Nobody owns the batch: cancel it (lines done by then are billed by the provider and lost to the ledger
            // only in this rare case) and let the records be delivered again.
            LOG.error(
                    "ownership record of provider batch {} not written ({}); cancelling it and releasing its {} tasks",
                    status.batchId(),
                    e.toString());
            cancelQuietly(status.batchId(), profileId);
            live.forEach(p -> p.ack.complete(AcknowledgeType.RELEASE));
            return;
        }
        LOG.info(
                "provider batch {} of {} submitted (gathering {}): {} requests of {}",
                status.batchId(),
                ctx.provider.id(),
                gathering,
                live.size(),
                routeModel);
        try {
            afterOwnershipRecorded.accept(status.batchId());
        } catch (RuntimeException e) {
            LOG.warn("stopped after the ownership record of provider batch {} ({})", status.batchId(), e.toString());
            live.forEach(p -> p.ack.complete(AcknowledgeType.RELEASE));
            return;
        }
        live.forEach(p -> p.ack.complete(AcknowledgeType.ACCEPT));
    }

    private void toSynchronous(List<Pending> tasks, String why) {
        for (Pending p : tasks) {
            ctx.out
                    .forward(ProviderBatchTasks.synchronous(p.task, why, null))
                    .whenComplete(
                            (x, e) -> p.ack.complete(e == null ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE));
        }
    }

    private void cancelQuietly(String batchId, String profileId) {
        try {
            adapter.cancel(batchId, ProviderBatchTasks.key(ctx, profileId));
        } catch (RuntimeException e) {
            LOG.error("could not cancel provider batch {}: {}", batchId, e.toString());
        }
    }

    /** Stops gathering: tasks not yet submitted are released for redelivery. */
    @Override
    public void close() {
        List<Pending> left = new ArrayList<>();
        synchronized (open) {
            for (String model : List.copyOf(open.keySet())) {
                left.addAll(take(model));
            }
        }
        left.forEach(p -> p.ack.complete(AcknowledgeType.RELEASE));
        submitter.shutdown();
        try {
            submitter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
