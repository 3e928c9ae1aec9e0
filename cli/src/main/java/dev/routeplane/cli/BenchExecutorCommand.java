package dev.routeplane.cli;

import dev.routeplane.bench.executor.ExecutorLoadOptions;
import dev.routeplane.bench.executor.ExecutorLoadRun;
import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One executor worker against the simulator at a fixed latency and rate limit, on a fresh embedded broker. */
@Command(
        name = "executor",
        mixinStandardHelpOptions = true,
        description = "One executor JVM against the simulator at a rate limit.")
public final class BenchExecutorCommand implements Callable<Integer> {

    @Option(
            names = "--latency-ms",
            defaultValue = "2000",
            description = "Simulated latency per call (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(
            names = "--rate-limit-rpm",
            defaultValue = "60000",
            description =
                    "The simulated provider's and the key profile's requests per minute (default: ${DEFAULT-VALUE}).")
    int rateLimitRpm;

    @Option(names = "--requests", defaultValue = "20000", description = "Tasks to run (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--max-in-flight",
            defaultValue = "4000",
            description = "The worker's in-flight cap (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Override
    public Integer call() throws Exception {
        LogFile.redirectForRun("bench-executor");
        ExecutorLoadRun.prepareJvm(maxInFlight);
        Path dir = Files.createTempDirectory("routeplane-bench-executor-");
        try (EmbeddedPlatform platform =
                EmbeddedPlatform.start(PlatformOptions.of(dir).withPorts(0, 0))) {
            ExecutorLoadRun.run(
                    new ExecutorLoadOptions(
                            platform.bootstrapServers(),
                            platform.registryUrl(),
                            latencyMs,
                            rateLimitRpm,
                            requests,
                            maxInFlight),
                    System.out);
        } finally {
            Files.walk(dir)
                    .sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        return 0;
    }
}
