package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI Files API subset a batch client needs: {@code POST /v1/files} (multipart, purpose
 * {@code batch}, optional {@code expires_after[anchor]=created_at} and {@code expires_after[seconds]}),
 * {@code GET /v1/files}, {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content},
 * {@code DELETE /v1/files/{id}}. Uploads stream to disk with bounded memory; the size limit and the tenant's
 * {@link UploadQuota quota} are enforced while reading, before the upload is stored.
 */
public final class FilesRoute implements ApiRoute {
    /** Multipart framing and the small fields around the file part, allowed on top of the file size limit. */
    public static final long MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FilesRoute.class);
    private static final int MAX_FIELD = 64;
    /** OpenAI's bounds for {@code expires_after[seconds]}: one hour to thirty days. */
    private static final long MIN_EXPIRY_SECONDS = 3_600;

    private static final long MAX_EXPIRY_SECONDS = 2_592_000;

    private final FileStore files;
    private final UploadQuota quota;
    private final long maxUploadBytes;

    public FilesRoute(FileStore files, long maxUploadBytes) {
        this.files = files;
        this.quota = new UploadQuota(files);
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void handle(HttpCall call, String tenant, String subPath) throws IOException {
        String method = call.method();
        if (subPath.isEmpty()) {
            switch (method) {
                case "POST" -> upload(call, tenant);
                case "GET" -> list(call, tenant);
                default -> throw ApiException.methodNotAllowed("GET or POST");
            }
            return;
        }
        boolean content = subPath.endsWith("/content");
        String id =
                HttpIo.decodeSegment(content ? subPath.substring(0, subPath.length() - "/content".length()) : subPath);
        if (content) {
            if (!"GET".equals(method)) {
                throw ApiException.methodNotAllowed("GET");
            }
            Path bytes = files.content(tenant, id).orElseThrow(() -> ApiException.notFound("file", id));
            call.sendFile(bytes, "application/octet-stream");
        } else if ("GET".equals(method)) {
            call.sendJson(200, files.get(tenant, id).orElseThrow(() -> ApiException.notFound("file", id)));
        } else if ("DELETE".equals(method)) {
            if (!files.delete(tenant, id)) {
                throw ApiException.notFound("file", id);
            }
            call.sendJson(200, Json.object().put("id", id).put("object", "file").put("deleted", true));
        } else {
            throw ApiException.methodNotAllowed("GET or DELETE");
        }
    }

    private void upload(HttpCall call, String tenant) throws IOException {
        String boundary;
        try {
            boundary = MultipartParser.boundary(call.header("Content-Type"));
        } catch (MultipartException e) {
            throw ApiException.badRequest(
                    "invalid_content_type", null, e.getMessage() + "; upload with fields 'purpose' (batch) and 'file'");
        }
        try (UploadQuota.Reservation reservation = quota.open(tenant)) {
            Path temp = files.newTemp(tenant);
            try {
                Upload upload = read(call, boundary, temp, reservation);
                String purpose = upload.purpose;
                if (purpose == null || purpose.isEmpty()) {
                    throw ApiException.badRequest(
                            "missing_purpose", "purpose", "Field 'purpose' is required; use 'batch'");
                }
                if (!FileStore.PURPOSE_BATCH.equals(purpose)) {
                    throw ApiException.badRequest(
                            "unsupported_purpose",
                            "purpose",
                            "Purpose '" + Json.shorten(purpose)
                                    + "' is not supported; Routeplane stores files for purpose 'batch' only");
                }
                if (!upload.haveFile) {
                    throw ApiException.badRequest(
                            "missing_file", "file", "Field 'file' is required: the JSONL batch input");
                }
                ObjectNode file = files.commit(tenant, temp, upload.filename, purpose, lifetime(upload));
                LOG.info(
                        "Tenant {} uploaded {} ({} bytes)",
                        tenant,
                        file.get("id").asText(),
                        file.get("bytes").asLong());
                call.sendJson(200, file);
            } finally {
                Files.deleteIfExists(temp); // gone already after a successful commit
            }
        }
    }

    /** The fields of an upload, its file already streamed to the temporary path. */
    private static final class Upload {
        String purpose;
        String filename;
        boolean haveFile;
        String expiryAnchor;
        String expirySeconds;
    }

    private Upload read(HttpCall call, String boundary, Path temp, UploadQuota.Reservation reservation)
            throws IOException {
        Upload upload = new Upload();
        try (InputStream body = call.bodyStream()) {
            MultipartParser parser = new MultipartParser(body, boundary);
            for (MultipartParser.Part part = parser.next(); part != null; part = parser.next()) {
                String name = part.name() == null ? "" : part.name();
                switch (name) {
                    case "purpose" -> upload.purpose = field(part);
                    case "expires_after[anchor]" -> upload.expiryAnchor = field(part);
                    case "expires_after[seconds]" -> upload.expirySeconds = field(part);
                    case "file" -> {
                        if (!upload.haveFile) {
                            upload.haveFile = true;
                            upload.filename = part.filename();
                            copyBounded(part.body(), temp, reservation);
                        }
                    }
                    default -> {} // unknown fields are skipped, as OpenAI does; the part limit bounds them
                }
            }
        } catch (MultipartException e) {
            throw ApiException.badRequest(e.code(), null, "The multipart body is malformed: " + e.getMessage());
        } catch (HttpCall.BodyReadException e) {
            // Over the server's limit, too slow, or the client went away; a failing disk is not this.
            throw HttpCall.readFailed(e);
        }
        return upload;
    }

    private static String field(MultipartParser.Part part) throws IOException {
        return new String(part.body().readNBytes(MAX_FIELD + 1), StandardCharsets.UTF_8).strip();
    }

    /**
     * OpenAI's {@code expires_after}: anchor {@code created_at}, 3,600 to 2,592,000 seconds; null when absent. The
     * store adds it to the file's {@code created_at}, so {@code expires_at} is exactly that many seconds later.
     */
    private Duration lifetime(Upload upload) {
        if (upload.expiryAnchor == null && upload.expirySeconds == null) {
            return null;
        }
        if (!"created_at".equals(upload.expiryAnchor)) {
            throw ApiException.badRequest(
                    "invalid_expires_after",
                    "expires_after[anchor]",
                    "expires_after[anchor] must be 'created_at' (and expires_after[seconds] given with it)");
        }
        long seconds;
        try {
            seconds = Long.parseLong(upload.expirySeconds == null ? "" : upload.expirySeconds);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        long max = Math.min(MAX_EXPIRY_SECONDS, files.limits().retention().toSeconds());
        if (seconds < MIN_EXPIRY_SECONDS || seconds > max) {
            throw ApiException.badRequest(
                    "invalid_expires_after",
                    "expires_after[seconds]",
                    "expires_after[seconds] must be a whole number from " + MIN_EXPIRY_SECONDS + " to " + max
                            + " (this server keeps files at most "
                            + files.limits().retention().toDays()
                            + " days)");
        }
        return Duration.ofSeconds(seconds);
    }

    private void copyBounded(InputStream in, Path target, UploadQuota.Reservation reservation) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxUploadBytes) {
                    throw new ApiException(
                            413,
                            "invalid_request_error",
                            "file_too_large",
                            "file",
                            "The file is larger than the limit of " + maxUploadBytes
                                    + " bytes; split it into several batches");
                }
                reservation.add(n);
                out.write(buf, 0, n);
            }
        }
    }

    private void list(HttpCall call, String tenant) throws IOException {
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        files.list(tenant).forEach(data::add);
        list.put("has_more", false);
        call.sendJson(200, list);
    }
}
