package dev.routeplane.api.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Ids the API hands out: a prefix and 24 random hex digits. Random, not sequential, so an id says nothing
 * about how many other files, batches or requests exist.
 */
public final class Ids {
    public static final String FILE = "file-";
    public static final String BATCH = "batch_";
    public static final String REQUEST = "req_";
    private static final Pattern FILE_ID = Pattern.compile("file-[0-9a-f]{24}");
    private static final Pattern BATCH_ID = Pattern.compile("batch_[0-9a-f]{24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code id} has the shape of a file id; anything else is answered as not found before any disk access. */
    public static boolean isFileId(String id) {
        return id != null && FILE_ID.matcher(id).matches();
    }

    public static boolean isBatchId(String id) {
        return id != null && BATCH_ID.matcher(id).matches();
    }
}
