package dev.routeplane.api;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import java.net.URI;
import java.nio.file.Path;

/**
 * The HTTP API on the whole pipeline, as {@code routeplane up} runs it: the embedded KRaft broker and registry,
 * router, executors calling the provider simulator (at 5% of its latencies), the ledger, and the API with demo
 * keys on a free port. Shared by the API's and the CLI's end-to-end tests.
 */
public final class ApiPipeline implements AutoCloseable {
    public final RouteplaneRuntime runtime;
    public final ApiWiring api;

    private ApiPipeline(RouteplaneRuntime runtime, ApiWiring api) {
        this.runtime = runtime;
        this.api = api;
    }

    /** Starts everything with its state under {@code dir}. */
    public static ApiPipeline start(Path dir) throws Exception {
        RuntimeOptions options = RuntimeOptions.embedded(RouteplaneConfig.defaults(), dir.resolve("runtime"))
                .withPartitions(3)
                .withLatencyScale(0.05);
        RouteplaneRuntime runtime = RouteplaneRuntime.start(options, line -> System.out.println("[runtime] " + line));
        try {
            return new ApiPipeline(runtime, new ApiWiring(runtime, 0, true));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** {@code http://localhost:<port>}; an OpenAI SDK's base URL adds {@code /v1}. */
    public URI baseUri() {
        return api.server().baseUri();
    }

    @Override
    public void close() {
        api.close();
        runtime.close();
    }
}
