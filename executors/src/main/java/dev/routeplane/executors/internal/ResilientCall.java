package dev.routeplane.executors.internal;

import dev.routeplane.config.LatencyClass;
import dev.routeplane.contract.CallIntent;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The tries of one task on its provider, driven through the key profiles' Resilience4j instances by hand so that no
 * thread ever waits: a try picks the profile with the most headroom among those serving the task's latency class,
 * books its request and token rate permits
 * (waiting, if it must, on the scheduler), takes a bulkhead slot (or parks until one frees), asks the circuit breaker,
 * resolves the key and calls, cut off at the deadline or the record lock, whichever comes first. The outcome is
 * reported to the circuit breaker and the profile's quota and latency observations. Whether a failed try is tried
 * again is the retry's verdict and the provider's retry budget ({@link #retryDelay}, {@link #mayRetry}).
 *
 * <p>Not thread-safe: its steps run one after another, each on {@code steps} (see {@link TaskExecution}).
 */
final class ResilientCall {
    /** How one try ended. */
    sealed interface Try {
        /**
         * The provider answered (possibly with a content-filtered answer); the call is billable, and its cost event
         * closes the intent {@code callId}.
         */
        record Answered(ProfileRuntime profile, ProviderResponse response, long latencyMs, String callId)
                implements Try {}

        /**
         * The try failed; {@code intent} is the call's intent, null when it stopped before reaching the provider.
         */
        record Failed(ProfileRuntime profile, ProviderCallException error, long latencyMs, CallIntent intent)
                implements Try {
            /** Whether the try reached the provider. */
            boolean called() {
                return intent != null;
            }
        }

        /** By the time a slot was free the deadline or the record lock left too little time; nothing was called. */
        record OutOfTime() implements Try {}

        /**
         * The key's local limiters are booked beyond their wait limit: the task should not have been taken yet (the
         * admission keeps this rare). Nothing was called or booked; the task goes back to wait in Kafka.
         */
        record Booked(ProfileRuntime profile) implements Try {}
    }

    private final WorkerContext ctx;
    private final CallPlan plan;
    private final Deadline deadline;
    private final Lease lease;
    private final Executor steps;
    private final CallIntents intents;
    private Retry.AsyncContext<ProviderResponse> retry;
    private int tries;

    ResilientCall(
            WorkerContext ctx, CallPlan plan, Deadline deadline, Lease lease, Executor steps, CallIntents intents) {
        this.ctx = ctx;
        this.intents = intents;
        this.plan = plan;
        this.deadline = deadline;
        this.lease = lease;
        this.steps = steps;
    }

    /** Tries started so far. */
    int tries() {
        return tries;
    }

    /** Starts the next try; {@code then} gets its outcome, on a step of its own or within this one. */
    void attempt(Consumer<Try> then) {
        tries++;
        if (tries == 1) {
            ctx.resilience.budget().onFirstTry();
        }
        if (!book(then)) {
            ctx.pacer.park(() -> bookParked(then));
        }
    }

    /**
     * {@link #book} for a parked call, from the pacer's thread: as a step of the task (its logging context, and a
     * failure ends the task as any step's would, so the pacer drops the call).
     */
    private boolean bookParked(Consumer<Try> then) {
        boolean[] started = {true};
        // TaskExecution runs a step on the calling thread, so the step has run when execute returns.
        steps.execute(() -> started[0] = book(then));
        return started[0];
    }

    /**
     * Picks a key and books its request and token permits, then starts the call when they are due and a slot is
     * free; false, with nothing booked, when the call is batch work whose best key is one it shares with other work
     * and that key has no permits left in its current period ({@link BatchPacer}).
     */
    private boolean book(Consumer<Try> then) {
        ProfileRuntime profile =
                ProfileSelector.pick(ctx.resilience.profiles(), plan.latencyClass(), ctx.clock.instant());
        if (retry == null) {
            retry = profile.retry.asyncContext();
        }
        int tokens = Math.max(1, Math.min(profile.tokens.getRateLimiterConfig().getLimitForPeriod(), plan.tokens()));
        boolean batch = plan.latencyClass() == LatencyClass.BATCH;
        if (batch && !profile.profile.dedicated() && !profile.startsNow(tokens)) {
            return false;
        }
        long waitRequests = profile.requests.reservePermission();
        if (waitRequests < 0) {
            then.accept(new Try.Booked(profile));
            return true;
        }
        long bookedAt = ctx.clock.millis();
        long waitTokens = profile.tokens.reservePermission(tokens);
        if (waitTokens < 0) {
            // The request permit stays booked (Resilience4j cannot hand one back); it only delays the next call.
            profile.booked.add(bookedAt, 1, 0);
            then.accept(new Try.Booked(profile));
            return true;
        }
        profile.booked.add(bookedAt, 1, tokens);
        profile.recordTokens(tokens);
        long waitMs = TimeUnit.NANOSECONDS.toMillis(Math.max(waitRequests, waitTokens));
        ctx.meters.rateLimiterWait(profile.profileId(), waitMs);
        Runnable start = () -> profile.whenSlotFree(() -> steps.execute(() -> call(profile, then)), batch);
        if (waitMs <= 0) {
            start.run();
        } else {
            ctx.scheduler.schedule(() -> steps.execute(start), waitMs, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** The provider answered: the retry context counts a success. */
    void succeeded() {
        retry.onComplete();
    }

    /** Milliseconds before the next try after {@code e}, or negative when the retry policy allows none. */
    long retryDelay(ProviderCallException e) {
        return retry.onError(e);
    }

    /** Takes a retry from the provider's retry budget; false when the budget is spent. */
    boolean mayRetry() {
        return ctx.resilience.budget().tryRetry();
    }

    /** Holding a bulkhead slot: the circuit's permission, the key, then the call. */
    private void call(ProfileRuntime profile, Consumer<Try> then) {
        long timeoutMs = deadline.callTimeoutMs(lease);
        if (timeoutMs < Deadline.MIN_CALL_MS || !lease.held()) {
            profile.release();
            then.accept(new Try.OutOfTime());
            return;
        }
        if (!profile.breaker.tryAcquirePermission()) {
            profile.release();
            then.accept(notCalled(
                    profile,
                    ErrorKind.RETRYABLE,
                    ProviderCallException.CIRCUIT_OPEN,
                    "circuit of " + profile.name + " is " + profile.breaker.getState()));
            return;
        }
        ProviderCall call;
        try {
            call = plan.with(plan.key(ctx.keys, profile, ctx.provider.id()), Duration.ofMillis(timeoutMs));
        } catch (ProviderCallException keyMissing) {
            profile.breaker.releasePermission();
            profile.release();
            then.accept(new Try.Failed(profile, keyMissing, 0, null));
            return;
        }
        // The intent is durable before the provider can bill the call: a worker that dies after the answer and before
        // the cost event leaves it open for the ledger to settle. One produce while the slot is held; the call waits
        // for its acknowledgement (about a millisecond against a healthy cluster).
        CallIntent intent = intents.of(profile, call, timeoutMs);
        intents.write(intent)
                .whenCompleteAsync(
                        (written, error) -> steps.execute(() -> {
                            if (error != null) {
                                // Only when the writer closes: the worker is stopping.
                                profile.breaker.releasePermission();
                                profile.release();
                                then.accept(notCalled(
                                        profile,
                                        ErrorKind.RETRYABLE,
                                        ProviderCallException.SERVER_ERROR,
                                        "call intent not written: " + error));
                                return;
                            }
                            long left = deadline.callTimeoutMs(lease);
                            if (left < Deadline.MIN_CALL_MS || !lease.held()) {
                                profile.breaker.releasePermission();
                                profile.release();
                                intents.closeUnbilled(intent, "OUT_OF_TIME");
                                then.accept(new Try.OutOfTime());
                                return;
                            }
                            send(profile, call.withTimeout(Duration.ofMillis(Math.min(left, timeoutMs))), intent, then);
                        }),
                        ctx.callbacks);
    }

    /** The call itself, its intent durable. */
    private void send(ProfileRuntime profile, ProviderCall call, CallIntent intent, Consumer<Try> then) {
        String model = plan.routeModel();
        long started = System.nanoTime(); // elapsed time, not a point in time: the monotonic clock measures it
        // Off the HttpClient's threads: they only move bytes; the task's own work continues on the task pool.
        ctx.adapter
                .call(call)
                .whenCompleteAsync(
                        (response, error) -> steps.execute(() -> {
                            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                            profile.release();
                            profile.recordLatency(latencyMs);
                            if (error == null) {
                                ctx.meters.call(model, "SUCCEEDED", latencyMs);
                                profile.breaker.onSuccess(latencyMs, TimeUnit.MILLISECONDS);
                                profile.observe(response.rateLimits());
                                then.accept(new Try.Answered(profile, response, latencyMs, intent.getCallId()));
                            } else {
                                ProviderCallException e = asProviderFailure(error);
                                ctx.meters.call(model, e.outcome(), latencyMs);
                                profile.breaker.onError(latencyMs, TimeUnit.MILLISECONDS, e);
                                profile.observe(e.rateLimits());
                                then.accept(new Try.Failed(profile, e, latencyMs, intent));
                            }
                        }),
                        ctx.callbacks);
    }

    private static Try.Failed notCalled(ProfileRuntime profile, ErrorKind kind, String outcome, String message) {
        return new Try.Failed(profile, new ProviderCallException(kind, outcome, 0, null, message), 0, null);
    }

    private static ProviderCallException asProviderFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ProviderCallException p
                ? p
                : new ProviderCallException(
                        ErrorKind.RETRYABLE,
                        ProviderCallException.SERVER_ERROR,
                        0,
                        null,
                        "adapter failed: " + cause.getClass().getSimpleName());
    }
}
