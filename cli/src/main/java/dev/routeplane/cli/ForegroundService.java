package dev.routeplane.cli;

import dev.routeplane.runtime.LearningOptions;
import dev.routeplane.runtime.MetricsAccess;
import dev.routeplane.runtime.MetricsEndpoint;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one service process in the foreground: starts the runtime (and, if asked, its metrics endpoint and
 * whatever the command adds on top), prints where things are, and stops everything in reverse order on Ctrl-C.
 */
final class ForegroundService {
    /** The metrics endpoint of a service: its port (null for none) and who may read it. */
    record Metrics(Integer port, MetricsAccess access) {}

    /** What a command adds on top of the runtime, e.g. an HTTP server; closed before the runtime. */
    interface Extra {
        AutoCloseable start(RouteplaneRuntime runtime) throws Exception;
    }

    private ForegroundService() {}

    /** Runs until the JVM is asked to stop; returns the exit code. */
    static int run(String name, RuntimeOptions options, Metrics metrics, Extra extra) throws Exception {
        return run(name, options, LearningOptions.none(), metrics, extra);
    }

    /** As {@link #run(String, RuntimeOptions, Metrics, Extra)}, with learned routing or not. */
    static int run(String name, RuntimeOptions options, LearningOptions learning, Metrics metrics, Extra extra)
            throws Exception {
        String prefix = "routeplane " + name + ": ";
        RouteplaneRuntime runtime =
                RouteplaneRuntime.start(options, learning, step -> System.out.println(prefix + step));
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            if (metrics.port() != null) {
                MetricsEndpoint endpoint =
                        MetricsEndpoint.start(metrics.port(), runtime.meters(), metrics.access(), runtime.health());
                opened.add(endpoint);
                System.out.println(
                        prefix + "metrics at http://localhost:" + endpoint.port() + "/metrics, health at /health");
            }
            if (extra != null) {
                opened.add(extra.start(runtime));
            }
        } catch (Exception | Error e) {
            closeAll(opened);
            runtime.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println(prefix + "stopping...");
                            closeAll(opened);
                            runtime.close();
                            System.out.println(prefix + "stopped cleanly");
                            stopped.countDown();
                        },
                        "routeplane-" + name + "-shutdown"));
        System.out.println(prefix + "running against Kafka " + runtime.bootstrapServers() + " and registry "
                + runtime.registryUrl() + "; press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    private static void closeAll(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + opened.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
