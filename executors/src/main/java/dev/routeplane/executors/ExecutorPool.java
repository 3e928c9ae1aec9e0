package dev.routeplane.executors;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.executors.internal.DoneMarkers;
import dev.routeplane.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link ExecutorWorker} per configured provider (or per provider listed), started together and closed
 * together. Base URL overrides in the settings point providers elsewhere, e.g. every provider at the simulator:
 * {@code settings.baseUrlOverride("openai", URI.create(sim.baseUrl("openai")))}. Thread-safe.
 */
public final class ExecutorPool implements AutoCloseable {
    private final Map<String, ExecutorWorker> workers;

    private ExecutorPool(Map<String, ExecutorWorker> workers) {
        this.workers = workers;
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
        Map<String, ExecutorWorker> started = new LinkedHashMap<>();
        try {
            for (String id : providers) {
                started.put(id, ExecutorWorker.start(config, id, settings, registry));
            }
        } catch (RuntimeException e) {
            started.values().forEach(ExecutorWorker::close);
            throw e;
        }
        return new ExecutorPool(started);
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

    /** Closes every worker gracefully, in parallel, so shutdown takes one drain and not one per provider. */
    @Override
    public void close() {
        List<Thread> closers = new ArrayList<>();
        for (ExecutorWorker w : workers.values()) {
            Thread t = new Thread(w::close, "close-" + w.providerId());
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
