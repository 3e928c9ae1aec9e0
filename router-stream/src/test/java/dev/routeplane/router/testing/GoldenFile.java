package dev.routeplane.router.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A committed file of expected output lines, one per case, that a test compares its lines against. The file is
 * written by the code before a change that must not alter outputs (a speed-up) and checked after it; run the test
 * with {@code -Drouteplane.golden.write=true} to write it, only when an output change is intended.
 */
public final class GoldenFile {
    /** The system property that makes {@link #check} write the file instead of comparing. */
    public static final String WRITE_PROPERTY = "routeplane.golden.write";

    private static final int SHOWN_DIFFERENCES = 8;

    private GoldenFile() {}

    /** The first 16 hex digits of the SHA-256 of {@code text}'s UTF-8 bytes. */
    public static String digest(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Compares {@code actual} with the classpath resource {@code golden/<name>}, naming the first lines that differ;
     * with {@link #WRITE_PROPERTY} set, writes {@code actual} to {@code src/test/resources/golden/<name>} instead.
     */
    public static void check(String name, List<String> actual) {
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            write(Path.of("src/test/resources/golden", name), actual);
            return;
        }
        List<String> expected = read("/golden/" + name);
        List<String> differences = new ArrayList<>();
        int different = 0;
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(none)";
            String a = i < actual.size() ? actual.get(i) : "(none)";
            if (!e.equals(a)) {
                if (different++ < SHOWN_DIFFERENCES) {
                    differences.add("line " + (i + 1) + ":\n  expected " + e + "\n  actual   " + a);
                }
            }
        }
        if (different > 0) {
            fail(different + " of " + expected.size() + " golden lines of " + name + " differ (" + actual.size()
                    + " lines now); a change meant to keep outputs identical does not. The first:\n"
                    + String.join("\n", differences) + "\nOnly when the change of output is intended, rewrite the"
                    + " file with -D" + WRITE_PROPERTY + "=true and commit it with the change.");
        }
    }

    private static List<String> read(String resource) {
        try (InputStream in = GoldenFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + resource + " is not on the test classpath; write it"
                        + " with -D" + WRITE_PROPERTY + "=true on the code whose outputs it records");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write golden file " + file.toAbsolutePath(), e);
        }
    }
}
