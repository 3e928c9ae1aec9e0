package dev.routeplane.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A run's throwaway data directory (demo, chaos), deleted when the run ends unless the user keeps it. */
public final class RunDirectory {
    private RunDirectory() {}

    /** Deletes {@code dir} and everything below it; a failure is reported on stderr, not thrown. */
    public static void delete(Path dir, String command) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("routeplane " + command + ": could not delete " + dir + ": " + e.getMessage());
        }
    }
}
