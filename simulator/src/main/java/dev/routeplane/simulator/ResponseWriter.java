package dev.routeplane.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Low-level ways of ending an exchange. A client that went away is not an error for the simulator. */
final class ResponseWriter {

    private ResponseWriter() {}

    /** A complete JSON response with a Content-Length, so the connection stays usable for keep-alive. */
    static void json(HttpExchange ex, int status, byte[] body) {
        bytes(ex, status, "application/json", body);
    }

    /** A complete response of any content type (file downloads, JSONL results). */
    static void bytes(HttpExchange ex, int status, String contentType, byte[] body) {
        ex.getResponseHeaders().set("Content-Type", contentType);
        try (OutputStream out = ex.getResponseBody()) {
            ex.sendResponseHeaders(status, body.length);
            out.write(body);
        } catch (IOException e) {
            ex.close();
        }
    }

    /** Sends the status line and headers of a response of {@code length} bytes; false if the client is gone. */
    static boolean headers(HttpExchange ex, int status, int length) {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        try {
            ex.sendResponseHeaders(status, length);
            return true;
        } catch (IOException e) {
            ex.close();
            return false;
        }
    }

    /** Sends the body after {@link #headers} and ends the exchange; false if the client is gone. */
    static boolean body(HttpExchange ex, byte[] body) {
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
            out.flush();
            return true;
        } catch (IOException e) {
            ex.close();
            return false;
        }
    }

    /**
     * A 200 whose body stops half-way through the JSON. It is sent chunked and properly terminated, so a client
     * reads a complete HTTP response whose body fails to parse, as after a provider cut a stream short.
     */
    static void truncated(HttpExchange ex, byte[] body) {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        try (OutputStream out = ex.getResponseBody()) {
            ex.sendResponseHeaders(200, 0);
            out.write(body, 0, body.length / 2);
        } catch (IOException e) {
            ex.close();
        }
    }

    /** Closes the connection without any response, as a provider that never answers eventually does. */
    static void drop(HttpExchange ex) {
        ex.close();
    }
}
