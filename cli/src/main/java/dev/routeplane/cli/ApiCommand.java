package dev.routeplane.cli;

import dev.routeplane.api.ApiWiring;
import dev.routeplane.api.FileLimits;
import dev.routeplane.api.TenantAuthenticator;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The HTTP API as its own process: OpenAI-compatible chat completions, files and batches, Routeplane's requests,
 * the ledger queries (forwarded to {@code ledger serve}) and {@code /metrics}. Stateless apart from uploaded
 * files under {@code --data-dir}; results are read from the results topic.
 */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = "Run the HTTP API against an existing Kafka cluster until Ctrl-C.")
public final class ApiCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--ledger-url",
            paramLabel = "URL",
            description =
                    "Where 'routeplane ledger serve' answers ledger queries (e.g. http://ledger:8083); /v1/ledger/"
                            + " calls are forwarded there with the caller's key. Without it they answer 503.")
    URI ledgerUrl;

    @Mixin
    TenantKeyOptions keys;

    @Mixin
    FileLimitOptions files;

    @Override
    public Integer call() throws Exception {
        var config = service.config();
        // Keys and address are checked before Kafka is touched: a refusal starts nothing.
        TenantAuthenticator authenticator = keys.authenticator("the API", config);
        var options = service.runtimeOptions(config, Set.of());
        ForegroundService.Metrics metrics = service.metrics();
        FileLimits fileLimits = files.limits();
        return ForegroundService.run("api", options, metrics, runtime -> {
            ApiWiring api = new ApiWiring(
                    runtime, port, authenticator, ledgerUrl, keys.host(authenticator), fileLimits, metrics.access());
            System.out.println("routeplane api: " + api.server().baseUri() + " ("
                    + api.authenticator().keyCount() + " tenant API keys"
                    + (api.authenticator().demoMode() ? ", demo keys rp-demo-<tenant>" : "") + ")");
            return api;
        });
    }
}
