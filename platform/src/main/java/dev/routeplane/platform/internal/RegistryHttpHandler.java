package dev.routeplane.platform.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Adapts the JDK HTTP server to {@link RegistryRoutes}. */
public final class RegistryHttpHandler implements HttpHandler {
    /** Confluent's media type; clients also accept application/json, and requests may use either. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final RegistryRoutes routes;
    private final AtomicInteger inFlight = new AtomicInteger();

    public RegistryHttpHandler(RegistryRoutes routes) {
        this.routes = routes;
    }

    /** Requests being handled right now; lets a shutdown wait for them without a fixed delay. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            RegistryRoutes.Reply reply;
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                reply = new RegistryRoutes.Reply(
                        413,
                        "{\"error_code\":413,\"message\":\"Request body larger than " + MAX_BODY_BYTES + " bytes\"}");
            } else {
                reply = routes.handle(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        body);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The body, or null when it exceeds the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }
}
