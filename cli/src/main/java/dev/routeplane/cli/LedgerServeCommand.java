package dev.routeplane.cli;

import dev.routeplane.api.LedgerRoute;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.http.HttpLimits;
import dev.routeplane.http.LimitedHttpServer;
import dev.routeplane.ledger.LedgerHttpHandler;
import dev.routeplane.runtime.RuntimeOptions.Service;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The ledger as its own process: billing, tenant spend, route statistics and feedback, with its queries served
 * over HTTP ({@code /v1/ledger/...}, each tenant's API key reads only its own data); the API forwards there.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the ledger (Kafka Streams) and its query endpoint until Ctrl-C.")
public final class LedgerServeCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8083",
            description = "HTTP port of the ledger queries /v1/ledger/... (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    TenantKeyOptions keys;

    @Mixin
    SimulatorUrlOption simulator;

    @Override
    public Integer call() throws Exception {
        var config = service.config();
        // Keys and address are checked before Kafka is touched: a refusal starts nothing.
        TenantAuthenticator authenticator = keys.authenticator("the ledger", config);
        return ForegroundService.run(
                "ledger",
                service.runtimeOptions(config, EnumSet.of(Service.LEDGER)).withSimulatorUrl(simulator.url()),
                service.metrics(),
                runtime -> {
                    LimitedHttpServer http = LimitedHttpServer.start(
                            "ledger",
                            keys.host(authenticator),
                            port,
                            HttpLimits.ofDefaults(),
                            new LedgerRoute(new LedgerHttpHandler(
                                    runtime.ledger().orElseThrow().queries(), authenticator::mayRead)));
                    System.out.println("routeplane ledger: queries at http://localhost:" + http.port() + "/v1/ledger/ ("
                            + authenticator.keyCount() + " tenant API keys)");
                    return http;
                });
    }
}
