package dev.routeplane.platform.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where tests find the recorded data kept beside the repository ({@code ../shared/data}). */
public final class SharedData {
    private SharedData() {}

    /**
     * The RouterBench subset: {@code -Drouterbench.dir=…}, else {@code shared/data/routerbench-subset} in an ancestor
     * of the working directory (the repository lives next to {@code shared/}).
     */
    public static Path routerbenchSubset() {
        String prop = System.getProperty("routerbench.dir");
        if (prop != null) {
            return Paths.get(prop);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/routerbench-subset");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(
                "routerbench-subset not found above " + Paths.get("").toAbsolutePath() + "; set -Drouterbench.dir");
    }
}
