package dev.routeplane.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the benchmarks that run the whole pipeline share: a run id, a data directory per run, the service log file, the
 * command that starts the HTTP API as its own process from this jar, and deleting the run's data afterwards.
 */
final class BenchRun {
    private final Path dataDir;

    private BenchRun(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * A new run named {@code <kind>-<UTC time>} with its data directory under {@code base} (created), its service logs
     * redirected to {@code .routeplane/logs/<run id>.log}.
     */
    static BenchRun start(String kind, Path base) throws IOException {
        String id = kind + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        Path dir = base.resolve(id).toAbsolutePath();
        Files.createDirectories(dir);
        Path log = LogFile.redirectTo(Path.of(".routeplane", "logs", id + ".log"));
        System.out.println("service logs: " + log);
        return new BenchRun(dir);
    }

    Path dataDir() {
        return dataDir;
    }

    /** {@code java -cp <this classpath> <cli main class> api}, to which the API's arguments are appended. */
    static List<String> apiCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-cp", System.getProperty("java.class.path"), RouteplaneCli.class.getName(), "api");
    }

    /** Deletes the run's data directory; a failure is reported, not thrown (the figures are already printed). */
    void deleteData() {
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("routeplane bench: could not delete " + dataDir + ": " + e.getMessage());
        }
    }
}
