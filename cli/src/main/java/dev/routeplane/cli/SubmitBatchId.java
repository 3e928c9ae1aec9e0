package dev.routeplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The batch id {@code submit} gives a file when {@code --batch-id} is not set: the file's name plus a hash of its
 * bytes, so re-running the same file maps to the same batch and a changed file to a new one.
 */
final class SubmitBatchId {
    private static final int NAME_CHARS = 40;
    private static final int HASH_HEX_CHARS = 12;

    private SubmitBatchId() {}

    /** {@code batch-<name>-<first 12 hex of sha-256>}, read in one streaming pass over the file. */
    static String of(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        Path name = file.getFileName();
        return derive(name == null ? "" : name.toString(), sha.digest());
    }

    /**
     * The id for a file name and the SHA-256 of its content: the name without extension, lower-cased, with
     * anything but letters, digits and '-' replaced by '-', shortened to 40 characters.
     */
    static String derive(String fileName, byte[] sha256) {
        String base = fileName;
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = base.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-{2,}", "-")
                .replaceAll("^-|-$", "");
        if (base.length() > NAME_CHARS) {
            base = base.substring(0, NAME_CHARS).replaceAll("-$", "");
        }
        String hash = HexFormat.of().formatHex(sha256).substring(0, HASH_HEX_CHARS);
        return "batch-" + (base.isEmpty() ? "" : base + "-") + hash;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
