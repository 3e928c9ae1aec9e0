package dev.routeplane.executors.internal;

import dev.routeplane.contract.ExecutionResult;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a request's one terminal result. A delivery holding the record's lock claims the request on the done-marker
 * topic and writes the result only if its claim is the first one there ({@link DoneMarkers}); a delivery that finds
 * another one owning the result waits for that owner's done marker instead of writing its own. The lock alone cannot
 * decide this: a delivery whose writes wait out a broker restart may see its lock lapse while its result is still
 * pending, and the redelivery of its record (past the request's deadline, say) would otherwise write a second one.
 *
 * <p>An owner that never confirms (killed between its claim and its result) is taken over by a later delivery once the
 * claim is older than {@code takeoverAfter} (a waiting delivery takes over the moment it is) or the task reached its
 * delivery limit. Thread-safe.
 */
public final class TerminalWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalWriter.class);
    private static final long OWNER_CHECK_MS = 250;
    /** Longest a claim waits to be read back before the delivery gives up and its record is redelivered. */
    private static final Duration READ_BACK = Duration.ofSeconds(60);

    private final WorkerContext ctx;
    private final DoneMarkers done;
    private final Duration takeoverAfter;
    private final Consumer<String> beforeResultWritten;

    public TerminalWriter(
            WorkerContext ctx, DoneMarkers done, Duration takeoverAfter, Consumer<String> beforeResultWritten) {
        this.ctx = ctx;
        this.done = done;
        this.takeoverAfter = takeoverAfter;
        this.beforeResultWritten = beforeResultWritten;
    }

    /**
     * Whether a delivery of the request should wait for the delivery that owns its result rather than run: another
     * delivery claimed it and has not confirmed, and that claim may still be written.
     */
    public boolean ownedElsewhere(String tenantId, String requestId, boolean lastDelivery) {
        return done.owner(tenantId, requestId) != null && !mayTakeOver(tenantId, requestId, lastDelivery);
    }

    /** How waiting for another delivery's result ended. */
    public enum Wait {
        /** The owner's done marker is read: the request has its result. */
        DONE,
        /** The owner never confirmed and its claim is old enough: this delivery takes the request over. */
        TAKE_OVER,
        /** This delivery's lock lapsed first: release the record. */
        LAPSED
    }

    /**
     * Waits for the owner of the request's result to confirm it, while this delivery holds its lock; a claim that gets
     * older than the takeover age meanwhile is taken over.
     */
    public CompletableFuture<Wait> awaitOwner(String tenantId, String requestId, Lease lease, boolean lastDelivery) {
        CompletableFuture<Wait> wait = new CompletableFuture<>();
        checkOwner(tenantId, requestId, lease, lastDelivery, wait);
        return wait;
    }

    /**
     * Writes {@code result} if this delivery owns it: ACCEPT once it (or the owner's) is durable, RELEASE when the lock
     * lapsed before anything was claimed or while waiting for another owner. {@code written} runs once this delivery's
     * result is durable.
     */
    public CompletableFuture<AcknowledgeType> write(
            ExecutionResult result, Lease lease, boolean lastDelivery, Runnable written) {
        String tenant = result.getTenantId();
        String request = result.getRequestId();
        if (!lease.held()) {
            // Another worker may own the record by now; it writes the verdict.
            return CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
        }
        if (done.isDone(tenant, request)) {
            LOG.info("request {} of tenant {} already has its result; not writing a second one", request, tenant);
            return CompletableFuture.completedFuture(AcknowledgeType.ACCEPT);
        }
        String previous = done.owner(tenant, request);
        if (previous != null && !mayTakeOver(tenant, request, lastDelivery)) {
            return awaitOwner(tenant, request, lease, lastDelivery).thenCompose(w -> switch (w) {
                case DONE -> CompletableFuture.completedFuture(AcknowledgeType.ACCEPT);
                case LAPSED -> CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
                case TAKE_OVER -> write(result, lease, lastDelivery, written);
            });
        }
        if (previous != null) {
            LOG.warn(
                    "request {} of tenant {}: the delivery that claimed its result at {} never confirmed it; taking"
                            + " it over",
                    request,
                    tenant,
                    done.claimedAt(tenant, request));
        }
        String me = UUID.randomUUID().toString();
        return CompletableFuture.runAsync(() -> beforeResultWritten.accept(request), ctx.callbacks)
                .thenCompose(x -> ctx.out.claim(tenant, request, DoneMarkers.claim(me, previous)))
                .thenCompose(claimed -> done.awaitRead(claimed.partition(), claimed.offset())
                        .orTimeout(READ_BACK.toMillis(), TimeUnit.MILLISECONDS))
                .thenComposeAsync(
                        x -> {
                            if (!me.equals(done.owner(tenant, request))) {
                                LOG.info(
                                        "request {} of tenant {}: another delivery claimed its result first; not"
                                                + " writing a second one",
                                        request,
                                        tenant);
                                return awaitOwner(tenant, request, lease, lastDelivery)
                                        .thenCompose(w -> switch (w) {
                                            case DONE -> CompletableFuture.completedFuture(AcknowledgeType.ACCEPT);
                                            case LAPSED -> CompletableFuture.completedFuture(AcknowledgeType.RELEASE);
                                            case TAKE_OVER -> write(result, lease, lastDelivery, written);
                                        });
                            }
                            // The claim decides now, not the lock: a redelivery of the record waits for this result.
                            return ctx.out.result(result).thenApply(y -> {
                                done.markDone(tenant, request);
                                written.run();
                                return AcknowledgeType.ACCEPT;
                            });
                        },
                        ctx.callbacks);
    }

    private boolean mayTakeOver(String tenantId, String requestId, boolean lastDelivery) {
        long claimed = done.claimedAt(tenantId, requestId);
        return lastDelivery || (claimed >= 0 && ctx.clock.millis() - claimed >= takeoverAfter.toMillis());
    }

    private void checkOwner(
            String tenantId, String requestId, Lease lease, boolean lastDelivery, CompletableFuture<Wait> wait) {
        if (done.isDone(tenantId, requestId)) {
            wait.complete(Wait.DONE);
        } else if (mayTakeOver(tenantId, requestId, lastDelivery)) {
            wait.complete(Wait.TAKE_OVER);
        } else if (!lease.held()) {
            LOG.info(
                    "request {} of tenant {}: its result's owner has not confirmed it while this delivery held the"
                            + " record; releasing it",
                    requestId,
                    tenantId);
            wait.complete(Wait.LAPSED);
        } else {
            ctx.scheduler.schedule(
                    () -> checkOwner(tenantId, requestId, lease, lastDelivery, wait),
                    OWNER_CHECK_MS,
                    TimeUnit.MILLISECONDS);
        }
    }
}
