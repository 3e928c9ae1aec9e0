package dev.routeplane.executors.bench;

import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link ExecutorLoadRun} on a fresh embedded platform, until the bench module wires
 * {@code ./routeplane bench executor}. Not a test (never run by {@code mvn verify}); start it by hand:
 * {@code java -cp <test classpath> dev.routeplane.executors.bench.ExecutorLoadRunMain 20000}.
 */
public final class ExecutorLoadRunMain {
    private ExecutorLoadRunMain() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("executor-bench-");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformOptions.of(dir).withPorts(0, 0))) {
            ExecutorLoadRun.run(ExecutorLoadOptions.of(platform.bootstrapServers(), platform.registryUrl(), requests),
                    System.out);
        }
        System.exit(0);
    }
}
