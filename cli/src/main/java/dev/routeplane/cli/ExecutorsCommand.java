package dev.routeplane.cli;

import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import java.net.URI;
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

    @Option(
            names = "--simulator-url",
            paramLabel = "URL",
            description =
                    "Call the provider simulator at this URL (e.g. http://simulator:8089) instead of the providers'"
                            + " real base URLs; keys are then placeholders. Without it, real keys come from the environment.")
    URI simulatorUrl;

    @Option(
            names = "--record-lock-ms",
            paramLabel = "MS",
            description = "Share-group record lock each task is taken under (share.record.lock.duration.ms, within"
                    + " the broker's group.share.min/max.record.lock.duration.ms: 15000-3600000 by default);"
                    + " (default: 60000).")
    Long recordLockMs;

    @Override
    public Integer call() throws Exception {
        if (simulatorUrl != null && (simulatorUrl.getScheme() == null || simulatorUrl.getHost() == null)) {
            throw new IllegalArgumentException(
                    "--simulator-url " + simulatorUrl + " is not an http(s)://host:port URL");
        }
        RuntimeOptions options = service.runtimeOptions(service.config(), EnumSet.of(Service.EXECUTORS))
                .withSimulatorUrl(simulatorUrl)
                .withRecordLock(recordLockMs == null ? null : Duration.ofMillis(recordLockMs));
        return ForegroundService.run("executors", options, service.metrics(), null);
    }
}
