package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.api.FileLimits;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files of the OpenAI Files API on local disk: {@code <root>/<tenant>/<fileId>} holds the bytes and
 * {@code <root>/<tenant>/<fileId>.json} the File object. A tenant's files live under its own directory and
 * are only ever looked up there, so another tenant's file id is simply not found. Ids are checked against
 * their generated shape before any path is built from them.
 *
 * <p>Every file expires {@link FileLimits#retention()} after it was stored (or earlier, as its upload asked):
 * from then on it is not found, and it is deleted on the next look or sweep ({@link #purgeExpired()}). The
 * store keeps each tenant's usage (bytes and files stored) for the upload quota ({@link UploadQuota}).
 *
 * <p>Thread-safe: content is written to a temporary file and moved into place before its metadata is
 * written, and a file is visible only once its metadata exists.
 */
public final class FileStore {
    /** Purpose of uploaded batch input files. */
    public static final String PURPOSE_BATCH = "batch";
    /** Purpose of files the API writes as batch results. */
    public static final String PURPOSE_BATCH_OUTPUT = "batch_output";

    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{1,64}");
    private static final int MAX_FILENAME = 255;

    private final Path root;
    private final Clock clock;
    private final FileLimits limits;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    /** A tenant's stored files: their bytes together, and how many. */
    public record Usage(long bytes, int files) {
        Usage plus(long moreBytes, int moreFiles) {
            return new Usage(bytes + moreBytes, files + moreFiles);
        }
    }

    public FileStore(Path root, Clock clock, FileLimits limits) {
        this.root = root;
        this.clock = clock;
        this.limits = limits;
    }

    /** A store with {@link FileLimits#ofDefaults()}. */
    public FileStore(Path root, Clock clock) {
        this(root, clock, FileLimits.ofDefaults());
    }

    public FileLimits limits() {
        return limits;
    }

    /** A fresh temporary path in the tenant's directory to stream content into before {@link #commit}. */
    public Path newTemp(String tenant) throws IOException {
        Path dir = Files.createDirectories(tenantDir(tenant));
        return Files.createTempFile(dir, "upload-", ".tmp");
    }

    /** Moves {@code temp} into place as a new file, expiring after the configured retention. */
    public ObjectNode commit(String tenant, Path temp, String filename, String purpose) throws IOException {
        return commit(tenant, temp, filename, purpose, null);
    }

    /**
     * Moves {@code temp} into place as a new file and returns its File object.
     *
     * @param lifetime how long after its {@code created_at} the file expires, or null for the configured retention;
     *     never longer than that
     */
    public ObjectNode commit(String tenant, Path temp, String filename, String purpose, Duration lifetime)
            throws IOException {
        String id = Ids.next(Ids.FILE);
        Path content = tenantDir(tenant).resolve(id);
        try {
            Files.move(temp, content, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, content);
        }
        Instant now = clock.instant();
        Duration kept = lifetime == null || lifetime.compareTo(limits.retention()) > 0 ? limits.retention() : lifetime;
        Instant expiry = now.plus(kept);
        long bytes = Files.size(content);
        ObjectNode file = Json.object()
                .put("id", id)
                .put("object", "file")
                .put("bytes", bytes)
                .put("created_at", now.getEpochSecond())
                .put("filename", clip(filename == null || filename.isBlank() ? id + ".jsonl" : filename))
                .put("purpose", purpose)
                .put("status", "processed");
        file.putNull("status_details");
        file.put("expires_at", expiry.getEpochSecond());
        usage(tenant); // loaded from disk before this file's metadata exists, so it is counted once
        Json.writeAtomically(metadataPath(tenant, id), file);
        usage.computeIfPresent(tenant, (t, u) -> u.plus(bytes, 1));
        return file;
    }

    /** The File object of a tenant's file that has not expired. */
    public Optional<ObjectNode> get(String tenant, String id) throws IOException {
        if (!Ids.isFileId(id) || !TENANT.matcher(tenant).matches()) {
            return Optional.empty();
        }
        Path meta = metadataPath(tenant, id);
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        ObjectNode file = Json.readObject(meta);
        if (expired(file)) {
            delete(tenant, id, file);
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** The bytes of a file the tenant owns. */
    public Optional<Path> content(String tenant, String id) throws IOException {
        return get(tenant, id).map(file -> tenantDir(tenant).resolve(id));
    }

    /** The tenant's files that have not expired, newest first. */
    public List<ObjectNode> list(String tenant) throws IOException {
        List<ObjectNode> files = new ArrayList<>();
        for (ObjectNode file : readAll(tenant)) {
            if (expired(file)) {
                delete(tenant, file.path("id").asText(), file);
            } else {
                files.add(file);
            }
        }
        files.sort(
                Comparator.comparingLong((ObjectNode f) -> f.path("created_at").asLong())
                        .reversed()
                        .thenComparing(f -> f.path("id").asText()));
        return files;
    }

    /** Deletes a file the tenant owns; false if there is none. Metadata goes first, so the id vanishes at once. */
    public boolean delete(String tenant, String id) throws IOException {
        Optional<ObjectNode> file = get(tenant, id);
        if (file.isEmpty()) {
            return false;
        }
        delete(tenant, id, file.get());
        return true;
    }

    /** Deletes every tenant's expired files; returns how many. */
    public int purgeExpired() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int purged = 0;
        try (DirectoryStream<Path> tenants = Files.newDirectoryStream(root)) {
            for (Path dir : tenants) {
                String tenant = dir.getFileName().toString();
                if (!Files.isDirectory(dir) || !TENANT.matcher(tenant).matches()) {
                    continue;
                }
                for (ObjectNode file : readAll(tenant)) {
                    if (expired(file)) {
                        delete(tenant, file.path("id").asText(), file);
                        purged++;
                    }
                }
            }
        }
        return purged;
    }

    /** The tenant's stored files (expired ones not yet deleted included), read from disk once, then kept. */
    public Usage usage(String tenant) throws IOException {
        Usage known = usage.get(tenant);
        if (known != null) {
            return known;
        }
        Usage counted = new Usage(0, 0);
        for (ObjectNode file : readAll(tenant)) {
            counted = counted.plus(file.path("bytes").asLong(), 1);
        }
        Usage raced = usage.putIfAbsent(tenant, counted);
        return raced == null ? counted : raced;
    }

    private void delete(String tenant, String id, ObjectNode file) throws IOException {
        usage(tenant);
        if (Files.deleteIfExists(metadataPath(tenant, id))) {
            usage.computeIfPresent(tenant, (t, u) -> u.plus(-file.path("bytes").asLong(), -1));
        }
        Files.deleteIfExists(tenantDir(tenant).resolve(id));
    }

    private boolean expired(ObjectNode file) {
        // Files stored before expiry existed have expires_at null: they expire a retention after creation.
        long expiresAt = file.path("expires_at").isNumber()
                ? file.get("expires_at").asLong()
                : file.path("created_at").asLong() + limits.retention().toSeconds();
        return clock.instant().getEpochSecond() >= expiresAt;
    }

    private List<ObjectNode> readAll(String tenant) throws IOException {
        List<ObjectNode> files = new ArrayList<>();
        Path dir = tenantDir(tenant);
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(dir, "file-*.json")) {
            for (Path meta : metas) {
                files.add(Json.readObject(meta));
            }
        }
        return files;
    }

    private Path tenantDir(String tenant) {
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("not a tenant id: " + Json.shorten(tenant));
        }
        return root.resolve(tenant);
    }

    private Path metadataPath(String tenant, String id) {
        return tenantDir(tenant).resolve(id + ".json");
    }

    private static String clip(String filename) {
        // Stored as metadata only, never used as a path.
        return filename.length() <= MAX_FILENAME ? filename : filename.substring(0, MAX_FILENAME);
    }
}
