package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.cascade.Signals;
import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Provider;
import dev.routeplane.config.ProviderKind;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Sovereignty;
import dev.routeplane.executors.ChatTurn;
import dev.routeplane.executors.ExecutorMeters;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.executors.ResilienceSettings;
import dev.routeplane.executors.TestTasks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batch calls on a key they share with interactive work: they take only the permits the limiters' current periods
 * have left and park for the rest, so an interactive call finds at most one period booked ahead of it. The provider
 * never answers here: a started call is one that reached the adapter.
 */
class BatchPacingTest {
    /** Input tokens plus output cap of every call: three fit in a period of the key's token limiter. */
    static final int TOKENS = 300;

    final RouteplaneConfig config = TestTasks.config();
    final Clock clock = Clock.systemUTC();
    final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
    final List<String> started = new CopyOnWriteArrayList<>();
    /** One key for every class of work: 60,000 tpm admits 980 tokens per one-second period (at 98 %). */
    final Provider shared = new Provider(
            "alpha",
            ProviderKind.OPENAI_COMPATIBLE,
            URI.create("https://alpha.example/v1"),
            "us-east",
            Sovereignty.US,
            false,
            List.of(new KeyProfile("primary", Optional.empty(), 60_000, 60_000, 100)));

    final WorkerContext ctx = new WorkerContext(
            shared,
            config,
            this::neverAnswers,
            new ProviderResilience(shared, ResilienceSettings.defaults(), Runnable::run, clock),
            ref -> "key",
            null,
            scheduler,
            Runnable::run,
            clock,
            ExecutorMeters.of(new SimpleMeterRegistry(), "alpha", "test"),
            Signals.builtIn(),
            requestId -> {});
    final ProfileRuntime key = ctx.resilience.profiles().get(0);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    CompletableFuture<ProviderResponse> neverAnswers(ProviderCall call) {
        started.add(call.requestId());
        return new CompletableFuture<>();
    }

    void attempt(String requestId, LatencyClass latencyClass) {
        var task = TestTasks.task("acme", requestId, "alpha", "alpha-mini", "us-east", 60_000, List.of());
        CallPlan plan = new CallPlan(
                "alpha-mini",
                config.models().get("alpha-mini"),
                new ProviderCall(
                        "gpt-4o-mini",
                        List.of(new ChatTurn("user", "hi")),
                        64,
                        List.of(),
                        null,
                        null,
                        Duration.ofSeconds(1),
                        requestId),
                TOKENS,
                "acme",
                null,
                latencyClass);
        Lease lease = new Lease(clock, clock.instant(), Duration.ofSeconds(60), () -> true);
        CallIntents intents = new CallIntents(
                ctx,
                task,
                plan,
                new Billing(ctx, task, plan, new ArrayList<>()),
                intent -> CompletableFuture.completedFuture(null));
        new ResilientCall(ctx, plan, Deadline.of(task, clock), lease, Runnable::run, intents).attempt(t -> {});
    }

    long tokensLeft() {
        return key.tokens.getMetrics().getAvailablePermissions();
    }

    @Test
    void batchCallsTakeOnlyTheCurrentPeriodOfASharedKeyAndParkTheRest() {
        assertThat(key.tokens.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(980);

        for (int i = 0; i < 12; i++) {
            attempt("batch-" + i, LatencyClass.BATCH);
        }

        // Up to three start at once (a period may roll over meanwhile and admit more); none books the next period.
        assertThat(started.size()).isBetween(3, 6);
        assertThat(ctx.pacer().parked()).isEqualTo(12 - started.size());
        assertThat(tokensLeft()).isNotNegative();
        // The parked ones start as periods pass, in the order they came.
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 12);
        assertThat(started)
                .containsExactly(
                        "batch-0",
                        "batch-1",
                        "batch-2",
                        "batch-3",
                        "batch-4",
                        "batch-5",
                        "batch-6",
                        "batch-7",
                        "batch-8",
                        "batch-9",
                        "batch-10",
                        "batch-11");
        assertThat(ctx.pacer().parked()).isZero();
    }

    @Test
    void anInteractiveCallBooksAheadOfParkedBatchCalls() {
        // given a shared key whose current period batch work has used up, with nine more batch calls waiting
        for (int i = 0; i < 12; i++) {
            attempt("batch-" + i, LatencyClass.BATCH);
        }
        int before = started.size();

        // when an interactive call arrives
        attempt("interactive", LatencyClass.INTERACTIVE);

        // then it books at most the next period (batch calls booked ahead would have put three seconds before it)
        assertThat(tokensLeft()).isGreaterThanOrEqualTo(-980);
        // and starts in it, before the batch calls of the periods after
        await().atMost(Duration.ofSeconds(10)).until(() -> started.contains("interactive"));
        assertThat(started.indexOf("interactive")).isLessThanOrEqualTo(before + 3);
    }
}
