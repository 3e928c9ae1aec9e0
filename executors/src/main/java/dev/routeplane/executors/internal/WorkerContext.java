package dev.routeplane.executors.internal;

import dev.routeplane.cascade.Signals;
import dev.routeplane.config.PriceBook;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.SecretResolver;
import dev.routeplane.executors.ExecutorMeters;
import dev.routeplane.executors.ProviderAdapter;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** What every task execution of one worker shares. Immutable; its parts are thread-safe. */
public final class WorkerContext {
    final Provider provider;
    final RouteplaneConfig config;
    final PolicyCheck policy;
    final PriceBook prices;
    final ProviderAdapter adapter;
    final ProviderResilience resilience;
    final KeyResolver keys;
    final OutputWriter out;
    final ScheduledExecutorService scheduler;
    final Executor callbacks;
    final Clock clock;
    final ExecutorMeters meters;
    final Signals signals;
    final BatchPacer pacer;
    final Consumer<String> afterProviderAnswered;

    /**
     * @param afterProviderAnswered a test seam ({@link dev.routeplane.executors.WorkerSettings#afterProviderAnswered}):
     *     called with the request id once a provider answered, before the call is billed
     */
    public WorkerContext(
            Provider provider,
            RouteplaneConfig config,
            ProviderAdapter adapter,
            ProviderResilience resilience,
            SecretResolver secrets,
            OutputWriter out,
            ScheduledExecutorService scheduler,
            Executor callbacks,
            Clock clock,
            ExecutorMeters meters,
            Signals signals,
            Consumer<String> afterProviderAnswered) {
        this.afterProviderAnswered = afterProviderAnswered;
        this.meters = meters;
        this.signals = signals;
        this.provider = provider;
        this.config = config;
        this.policy = new PolicyCheck(config);
        this.prices = config.priceBook();
        this.adapter = adapter;
        this.resilience = resilience;
        this.keys = new KeyResolver(secrets, clock);
        this.out = out;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
        this.clock = clock;
        this.pacer = new BatchPacer(scheduler);
    }

    /** Batch calls waiting for a shared key's current period to have permits for them. */
    public BatchPacer pacer() {
        return pacer;
    }

    public PolicyCheck policy() {
        return policy;
    }
}
