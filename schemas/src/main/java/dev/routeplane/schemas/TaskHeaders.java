package dev.routeplane.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Headers on executor tasks ({@code rp.exec.<provider>.v1}): the request id outside the Avro value, so a task whose
 * bytes cannot be decoded still names the request it belonged to (its key names the tenant) and that request can end
 * with a terminal result instead of waiting forever.
 */
public final class TaskHeaders {
    /** The request id, UTF-8. */
    public static final String REQUEST_ID = "routeplane.request-id";

    private TaskHeaders() {}

    /** Adds the request id to {@code headers}; returns them. */
    public static Headers withRequestId(Headers headers, String requestId) {
        headers.remove(REQUEST_ID);
        headers.add(REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The request id a record's headers name, if any. */
    public static Optional<String> requestId(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(REQUEST_ID);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
