package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI Files API subset a batch client needs: {@code POST /v1/files} (multipart, purpose
 * {@code batch}), {@code GET /v1/files}, {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content},
 * {@code DELETE /v1/files/{id}}. Uploads stream to disk; the size limit is enforced while reading.
 */
public final class FilesRoute implements ApiRoute {
    private static final Logger LOG = LoggerFactory.getLogger(FilesRoute.class);
    private static final int MAX_PURPOSE = 64;

    private final FileStore files;
    private final long maxUploadBytes;

    public FilesRoute(FileStore files, long maxUploadBytes) {
        this.files = files;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void handle(HttpExchange exchange, String tenant, String subPath) throws IOException {
        String method = exchange.getRequestMethod();
        if (subPath.isEmpty()) {
            switch (method) {
                case "POST" -> upload(exchange, tenant);
                case "GET" -> list(exchange, tenant);
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
            sendContent(exchange, tenant, id);
        } else if ("GET".equals(method)) {
            HttpIo.sendJson(exchange, 200, files.get(tenant, id).orElseThrow(() -> ApiException.notFound("file", id)));
        } else if ("DELETE".equals(method)) {
            if (!files.delete(tenant, id)) {
                throw ApiException.notFound("file", id);
            }
            HttpIo.sendJson(
                    exchange,
                    200,
                    Json.object().put("id", id).put("object", "file").put("deleted", true));
        } else {
            throw ApiException.methodNotAllowed("GET or DELETE");
        }
    }

    private void upload(HttpExchange exchange, String tenant) throws IOException {
        String boundary;
        try {
            boundary = MultipartParser.boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
        } catch (MultipartException e) {
            throw ApiException.badRequest(
                    "invalid_content_type", null, e.getMessage() + "; upload with fields 'purpose' (batch) and 'file'");
        }
        Path temp = files.newTemp(tenant);
        try {
            String purpose = null;
            String filename = null;
            boolean haveFile = false;
            try (InputStream body = exchange.getRequestBody()) {
                MultipartParser parser = new MultipartParser(body, boundary);
                for (MultipartParser.Part part = parser.next(); part != null; part = parser.next()) {
                    if ("purpose".equals(part.name())) {
                        purpose = new String(part.body().readNBytes(MAX_PURPOSE + 1), StandardCharsets.UTF_8).strip();
                    } else if ("file".equals(part.name()) && !haveFile) {
                        haveFile = true;
                        filename = part.filename();
                        copyBounded(part.body(), temp);
                    }
                }
            } catch (MultipartException e) {
                throw ApiException.badRequest(
                        "invalid_multipart", null, "The multipart body is malformed: " + e.getMessage());
            }
            if (purpose == null || purpose.isEmpty()) {
                throw ApiException.badRequest("missing_purpose", "purpose", "Field 'purpose' is required; use 'batch'");
            }
            if (!FileStore.PURPOSE_BATCH.equals(purpose)) {
                throw ApiException.badRequest(
                        "unsupported_purpose",
                        "purpose",
                        "Purpose '" + Json.shorten(purpose)
                                + "' is not supported; Routeplane stores files for purpose 'batch' only");
            }
            if (!haveFile) {
                throw ApiException.badRequest(
                        "missing_file", "file", "Field 'file' is required: the JSONL batch input");
            }
            ObjectNode file = files.commit(tenant, temp, filename, purpose);
            LOG.info(
                    "Tenant {} uploaded {} ({} bytes)",
                    tenant,
                    file.get("id").asText(),
                    file.get("bytes").asLong());
            HttpIo.sendJson(exchange, 200, file);
        } finally {
            Files.deleteIfExists(temp); // gone already after a successful commit
        }
    }

    private void copyBounded(InputStream in, Path target) throws IOException {
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
                out.write(buf, 0, n);
            }
        }
    }

    private void list(HttpExchange exchange, String tenant) throws IOException {
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        files.list(tenant).forEach(data::add);
        list.put("has_more", false);
        HttpIo.sendJson(exchange, 200, list);
    }

    private void sendContent(HttpExchange exchange, String tenant, String id) throws IOException {
        Path content = files.content(tenant, id).orElseThrow(() -> ApiException.notFound("file", id));
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        long size = Files.size(content);
        try (exchange) {
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            if (size > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(content, out);
                }
            }
        }
    }
}
