package dev.routeplane.cli;

import dev.routeplane.runtime.RuntimeOptions.Service;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The router as its own process against an existing cluster; scale by partitions (same application id). */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        description = "Run the router (Kafka Streams) against an existing Kafka cluster until Ctrl-C.")
public final class RouterCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        return ForegroundService.run(
                "router",
                service.runtimeOptions(service.config(), EnumSet.of(Service.ROUTER)),
                service.metrics(),
                null);
    }
}
