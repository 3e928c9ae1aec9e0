package dev.routeplane.cli;

import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Executor workers for every configured provider as their own process; start more processes to scale out (they
 * share each provider's Kafka share group).
 */
@Command(
        name = "executors",
        mixinStandardHelpOptions = true,
        description = "Run executor workers for every configured provider until Ctrl-C.")
public final class ExecutorsCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Mixin
    SimulatorUrlOption simulator;

    @Option(
            names = "--record-lock-ms",
            paramLabel = "MS",
            description = "Share-group record lock each task is taken under (share.record.lock.duration.ms, within"
                    + " the broker's group.share.min/max.record.lock.duration.ms: 15000-3600000 by default);"
                    + " (default: 60000).")
    Long recordLockMs;

    @Override
    public Integer call() throws Exception {
        RuntimeOptions options = service.runtimeOptions(service.config(), EnumSet.of(Service.EXECUTORS))
                .withSimulatorUrl(simulator.url())
                .withRecordLock(recordLockMs == null ? null : Duration.ofMillis(recordLockMs));
        return ForegroundService.run("executors", options, service.metrics(), null);
    }
}
