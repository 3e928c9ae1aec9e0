package dev.routeplane.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.http.LimitedHttpServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * One API request in flight: Jetty's request, response and completion callback, with what the routes need to
 * read it and to answer it exactly once. An answer may be sent from any thread, long after the route returned
 * (a chat completion answers when its result arrives); until then no thread is held.
 */
public final class HttpCall {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final AtomicBoolean answered = new AtomicBoolean();
    private byte[] body;
    private volatile TenantAuthenticator.Caller caller;

    public HttpCall(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    /** The authenticated caller: set by the dispatcher before a {@code /v1/} route runs. */
    public TenantAuthenticator.Caller caller() {
        return caller;
    }

    void caller(TenantAuthenticator.Caller caller) {
        this.caller = caller;
    }

    public String method() {
        return request.getMethod();
    }

    /** The path, still percent-encoded. */
    public String rawPath() {
        return request.getHttpURI().getPath();
    }

    /** The query string without {@code ?}, still encoded, or null. */
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    /** Decoded query parameters; the last value of a name wins. */
    public Map<String, String> query() {
        return HttpIo.query(rawQuery());
    }

    /** The first value of a request header, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The client's IP address, as text. */
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /** Sets a response header; only before the answer is sent. */
    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /**
     * Reads the whole body, at most {@code max} bytes, without holding a thread while it arrives; the future
     * fails with the {@link ApiException} to answer (413 over the limit, 408 too slow) when it cannot.
     */
    public CompletableFuture<HttpCall> loadBody(int max) {
        String declared = header("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > max) {
                    return CompletableFuture.failedFuture(HttpIo.tooLarge(max));
                }
            } catch (NumberFormatException e) {
                return CompletableFuture.failedFuture(
                        ApiException.badRequest("invalid_header", "Content-Length", "Content-Length is not a number"));
            }
        }
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Content.Source.asByteArrayAsync(request, max, Promise.Invocable.toPromise(bytes));
        return bytes.handle((read, failure) -> {
            if (failure != null) {
                throw Request.getContentBytesRead(request) > max ? HttpIo.tooLarge(max) : readFailed(failure);
            }
            body = read;
            return this;
        });
    }

    /** The answer for a body that could not be read: its limit's status, 408 when it was too slow. */
    static ApiException readFailed(Throwable failure) {
        int status = LimitedHttpServer.statusOfReadFailure(failure);
        return switch (status) {
            case 413 ->
                new ApiException(
                        413, "invalid_request_error", "request_too_large", null, "The request body is too large");
            case 408 ->
                new ApiException(
                        408,
                        "invalid_request_error",
                        "request_timeout",
                        null,
                        "The request body arrived too slowly or stalled; send it at a steady rate");
            default ->
                ApiException.badRequest(
                        "invalid_body", null, "The request body could not be read (the connection broke its framing)");
        };
    }

    /** The body as one JSON object; {@link #loadBody} first. A syntax error is a 400 naming the position. */
    public JsonNode readJsonObject() {
        if (body == null) {
            throw new IllegalStateException("the body was not loaded");
        }
        return HttpIo.parseJsonObject(body);
    }

    /**
     * The body as a blocking stream, for uploads that go to disk as they arrive. A read that fails (a limit, a
     * slow or vanished client) throws {@link BodyReadException}, so it is told apart from a failing disk.
     */
    public InputStream bodyStream() {
        return new FilterInputStream(Content.Source.asInputStream(request)) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new BodyReadException(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw new BodyReadException(e);
                }
            }
        };
    }

    /** The request body could not be read; {@link #readFailed} says how to answer. */
    public static final class BodyReadException extends IOException {
        BodyReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Keeps the connection's idle timeout from ending this request while it waits for something other than
     * the client (a routed result); the wait's own deadline and the server's request timeout still apply.
     */
    public void waitWithoutIdleTimeout() {
        request.addIdleTimeoutListener(timeout -> false);
    }

    /** Whether an answer was started. */
    public boolean answered() {
        return answered.get();
    }

    /** Sends {@code json} with {@code status}. */
    public void sendJson(int status, JsonNode json) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        send(status, "application/json", ByteBuffer.wrap(bytes));
    }

    /** Sends the error as {@code {"error": {...}}}. */
    public void sendError(ApiException error) {
        sendError(error, null);
    }

    /** Sends the error, with {@code request_id} in it when the client can poll for the outcome. */
    public void sendError(ApiException error, String requestId) {
        sendJson(error.status(), HttpIo.errorBody(error, requestId));
    }

    /**
     * Sends server-sent events: each string as one {@code data:} event, in order, then the stream ends. The
     * events are written at once, as the answer they carry arrived at once.
     */
    public void sendEvents(List<String> events) {
        StringBuilder text = new StringBuilder();
        for (String event : events) {
            text.append("data: ").append(event).append("\n\n");
        }
        setHeader("Cache-Control", "no-cache");
        send(200, "text/event-stream; charset=utf-8", StandardCharsets.UTF_8.encode(text.toString()));
    }

    /** Streams a file with bounded memory. */
    public void sendFile(Path file, String contentType) throws IOException {
        long size = Files.size(file);
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        ByteBufferPool.Sized buffers =
                new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), false, 64 * 1024);
        Content.copy(Content.Source.from(buffers, file), response, callback);
    }

    /** Ends the exchange without a (further) answer: Jetty closes the connection if an answer had begun. */
    public void abort(Throwable failure) {
        answered.set(true);
        callback.failed(failure);
    }

    private void send(int status, String contentType, ByteBuffer bytes) {
        if (!answered.compareAndSet(false, true)) {
            return; // answered already, e.g. the request's deadline passed first
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.remaining());
        response.write(true, bytes, callback);
    }
}
