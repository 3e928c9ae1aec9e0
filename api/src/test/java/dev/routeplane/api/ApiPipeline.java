package dev.routeplane.api;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.SecretResolver;
import dev.routeplane.runtime.MetricsAccess;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import java.net.URI;
import java.nio.file.Path;

/**
 * The HTTP API on the whole pipeline, as {@code routeplane up} runs it: the embedded KRaft broker and registry,
 * router, executors calling the provider simulator (at 5% of its latencies), the ledger, and the API with demo
 * keys (and umbrella's approver key, {@link #UMBRELLA_APPROVER_KEY}) on a free port. Shared by the API's and the CLI's end-to-end tests.
 */
public final class ApiPipeline implements AutoCloseable {
    /** The key of umbrella's approver ({@code umbrella-approver}, roles [approver]); every other tenant key is a demo key. */
    public static final String UMBRELLA_APPROVER_KEY = "umbrella-approver-test-key-0001";

    private static final SecretResolver APPROVER_ONLY = ref -> {
        if (ref.equals(SecretRef.env("RP_KEY_UMBRELLA_APPROVER"))) {
            return UMBRELLA_APPROVER_KEY;
        }
        return new EnvAndFileSecretResolver(name -> null).resolve(ref); // not set: a demo key stands in
    };

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
            TenantAuthenticator keys = TenantAuthenticator.fromConfig(options.config(), APPROVER_ONLY, true);
            return new ApiPipeline(
                    runtime,
                    new ApiWiring(runtime, 0, keys, null, null, FileLimits.ofDefaults(), MetricsAccess.open()));
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
