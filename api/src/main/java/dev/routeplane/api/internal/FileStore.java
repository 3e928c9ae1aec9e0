package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files of the OpenAI Files API on local disk: {@code <root>/<tenant>/<fileId>} holds the bytes and
 * {@code <root>/<tenant>/<fileId>.json} the File object. A tenant's files live under its own directory and
 * are only ever looked up there, so another tenant's file id is simply not found. Ids are checked against
 * their generated shape before any path is built from them.
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

    public FileStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** A fresh temporary path in the tenant's directory to stream content into before {@link #commit}. */
    public Path newTemp(String tenant) throws IOException {
        Path dir = Files.createDirectories(tenantDir(tenant));
        return Files.createTempFile(dir, "upload-", ".tmp");
    }

    /** Moves {@code temp} into place as a new file and returns its File object. */
    public ObjectNode commit(String tenant, Path temp, String filename, String purpose) throws IOException {
        String id = Ids.next(Ids.FILE);
        Path content = tenantDir(tenant).resolve(id);
        try {
            Files.move(temp, content, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, content);
        }
        ObjectNode file = Json.object()
                .put("id", id)
                .put("object", "file")
                .put("bytes", Files.size(content))
                .put("created_at", clock.instant().getEpochSecond())
                .put("filename", clip(filename == null || filename.isBlank() ? id + ".jsonl" : filename))
                .put("purpose", purpose)
                .put("status", "processed");
        file.putNull("status_details");
        file.putNull("expires_at");
        Json.writeAtomically(metadataPath(tenant, id), file);
        return file;
    }

    public Optional<ObjectNode> get(String tenant, String id) throws IOException {
        if (!Ids.isFileId(id) || !TENANT.matcher(tenant).matches()) {
            return Optional.empty();
        }
        Path meta = metadataPath(tenant, id);
        return Files.exists(meta) ? Optional.of(Json.readObject(meta)) : Optional.empty();
    }

    /** The bytes of a file the tenant owns. */
    public Optional<Path> content(String tenant, String id) throws IOException {
        return get(tenant, id).map(file -> tenantDir(tenant).resolve(id));
    }

    /** The tenant's files, newest first. */
    public List<ObjectNode> list(String tenant) throws IOException {
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
        files.sort(
                Comparator.comparingLong((ObjectNode f) -> f.path("created_at").asLong())
                        .reversed()
                        .thenComparing(f -> f.path("id").asText()));
        return files;
    }

    /** Deletes a file the tenant owns; false if there is none. Metadata goes first, so the id vanishes at once. */
    public boolean delete(String tenant, String id) throws IOException {
        if (get(tenant, id).isEmpty()) {
            return false;
        }
        Files.deleteIfExists(metadataPath(tenant, id));
        Files.deleteIfExists(tenantDir(tenant).resolve(id));
        return true;
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
