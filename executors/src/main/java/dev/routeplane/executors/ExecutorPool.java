package dev.routeplane.executors;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.executors.internal.DoneMarkers;
import dev.routeplane.executors.internal.WorkerClients;
import dev.routeplane.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link ExecutorWorker} per configured provider (or per provider listed), started together and closed
 * together. Base URL overrides in the settings point providers elsewhere, e.g. every provider at the simulator:
 * {@code settings.baseUrlOverride("openai", URI.create(sim.baseUrl("openai")))}.
 *
 * <p>The workers share one producer, one done-marker tail and one batch-cancellation follower ({@link WorkerClients}):
 * none of them depends on the provider, and one of each per JVM means fewer, fuller produce requests and each marker
 * read once, where a tail per worker read every marker once per provider. The pool closes them after its workers.
 * Thread-safe.
 */
public final class ExecutorPool implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Map<String, ExecutorWorker> workers;
    private final WorkerClients shared;

    private ExecutorPool(Map<String, ExecutorWorker> workers, WorkerClients shared) {
        this.workers = workers;
        this.shared = shared;
    }

    /**
     * The executors' own topic of terminal claims and done markers, {@code <prefix>.exec-done.v1}: one claim and one
     * marker per request, keyed {@code tenantId/requestId}. For tools that read it (e.g. {@code bench e2e}'s hop times).
     */
    public static String doneMarkerTopic(Topics topics) {
        return DoneMarkers.topicName(topics);
    }

    /** Starts a worker for every provider in the configuration. */
    public static ExecutorPool start(RouteplaneConfig config, WorkerSettings settings) {
        return start(config, settings, config.providers().keySet());
    }

    /** Starts a worker for each provider id given; if one fails to start, those already started are closed. */
    public static ExecutorPool start(RouteplaneConfig config, WorkerSettings settings, Collection<String> providers) {
        return start(config, settings, providers, new CompositeMeterRegistry());
    }

    /** As above, each worker registering its {@link ExecutorMeters} in {@code registry}. */
    public static ExecutorPool start(
            RouteplaneConfig config, WorkerSettings settings, Collection<String> providers, MeterRegistry registry) {
        providers.forEach(id -> ExecutorWorker.provider(config, id)); // every id known before anything starts
        Map<String, Object> kafka = ExecutorWorker.kafkaProperties(settings);
        ShareGroupSetup.ensureTopics(kafka, config, settings);
        WorkerClients shared = WorkerClients.start(
                kafka,
                ExecutorWorker.serdes(settings),
                settings.topics(),
                settings.clock(),
                settings.doneLookback(),
                "routeplane-exec-pool-" + INSTANCES.incrementAndGet());
        Map<String, ExecutorWorker> started = new LinkedHashMap<>();
        try {
            for (String id : providers) {
                started.put(id, ExecutorWorker.start(config, id, settings, registry, shared));
            }
        } catch (RuntimeException e) {
            started.values().forEach(ExecutorWorker::close);
            shared.close();
            throw e;
        }
        return new ExecutorPool(started, shared);
    }

    /** The worker of a provider. */
    public ExecutorWorker worker(String providerId) {
        ExecutorWorker w = workers.get(providerId);
        if (w == null) {
            throw new IllegalArgumentException(
                    "no worker for provider '" + providerId + "'; running: " + workers.keySet());
        }
        return w;
    }

    public Collection<ExecutorWorker> workers() {
        return workers.values();
    }

    /**
     * Whether every worker does its work ({@link ExecutorWorker#working}): a worker with no share consumer left, or the
     * pool's done-marker tail or cancellation follower stopped on an error, is a service down, not a quiet one.
     */
    public boolean working() {
        return workers.values().stream().allMatch(ExecutorWorker::working);
    }

    /**
     * Closes every worker gracefully, in parallel, so shutdown takes one drain and not one per provider, then the
     * clients they shared (the cost events of calls that finish during the drain still go out through them).
     */
    @Override
    public void close() {
        List<Thread> closers = new ArrayList<>();
        for (ExecutorWorker w : workers.values()) {
            Thread t = new Thread(w::close, "close-" + w.providerId());
            t.start();
            closers.add(t);
        }
        // The shared clients close only once every worker has drained, even if this thread is interrupted meanwhile:
        // closing them earlier would fail the cost events of calls still finishing.
        boolean interrupted = false;
        for (Thread t : closers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        shared.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
