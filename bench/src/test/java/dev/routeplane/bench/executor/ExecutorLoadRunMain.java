package dev.routeplane.bench.executor;

import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link ExecutorLoadRun} on a fresh embedded platform, until the bench module wires
 * {@code ./routeplane bench executor}. Not a test (never run by {@code mvn verify}); start it by hand:
 * {@code java -cp <test classpath> dev.routeplane.bench.executor.ExecutorLoadRunMain 20000}.
 */
public final class ExecutorLoadRunMain {
    private ExecutorLoadRunMain() {}

    public static void main(String[] args) throws Exception {
        // On fewer than three CPUs the common pool has parallelism 1 and CompletableFuture's default async executor is
        // thread-per-task; JDK 17's HttpClient.sendAsync completes every response through it, i.e. starts one thread
        // per response (seen in thread dumps as Thread.start0 under ResponseSubscribers.getBodyAsync). Must be set
        // before CompletableFuture is first used; a deployment sets it with -D on the command line.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty(
                    "java.util.concurrent.ForkJoinPool.common.parallelism",
                    String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        ExecutorLoadRun.prepareJvm(ExecutorLoadOptions.of("", "", requests).maxInFlight());
        Path dir = Files.createTempDirectory("executor-bench-");
        try (EmbeddedPlatform platform =
                EmbeddedPlatform.start(PlatformOptions.of(dir).withPorts(0, 0))) {
            ExecutorLoadRun.run(
                    ExecutorLoadOptions.of(platform.bootstrapServers(), platform.registryUrl(), requests), System.out);
        }
        System.exit(0);
    }
}
