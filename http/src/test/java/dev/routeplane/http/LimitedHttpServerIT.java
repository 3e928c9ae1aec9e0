package dev.routeplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's limits over real sockets: oversized and slow clients get JSON errors, others go on being served. */
class LimitedHttpServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** Reads the whole body without blocking and answers its length; "/never" answers nothing at all. */
    private static final Handler ECHO_LENGTH = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (request.getHttpURI().getPath().equals("/never")) {
                return true;
            }
            Content.Source.asByteArrayAsync(request, Integer.MAX_VALUE).whenComplete((body, failure) -> {
                if (failure != null) {
                    Response.writeError(request, response, callback, LimitedHttpServer.statusOfReadFailure(failure));
                } else {
                    Content.Sink.write(response, true, "read " + body.length, callback);
                }
            });
            return true;
        }
    };

    private LimitedHttpServer start(HttpLimits limits) {
        LimitedHttpServer server = LimitedHttpServer.start("test", "127.0.0.1", 0, limits, ECHO_LENGTH);
        opened.add(server);
        return server;
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413InTheApiErrorShape() throws Exception {
        LimitedHttpServer server = start(HttpLimits.ofDefaults().withMaxRequestBodyBytes(1_000));

        HttpResponse<String> declared = post(server, "/", HttpRequest.BodyPublishers.ofString("x".repeat(1_001)));
        HttpResponse<String> chunked = post(
                server,
                "/",
                HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[5_000]))); // no Content-Length: chunked
        HttpResponse<String> fits = post(server, "/", HttpRequest.BodyPublishers.ofString("x".repeat(1_000)));

        assertThat(declared.statusCode()).isEqualTo(413);
        JsonNode error = JSON.readTree(declared.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("request_too_large");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).at("/error/code").asText()).isEqualTo("request_too_large");
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.body()).isEqualTo("read 1000");
    }

    @Test
    void headersOverTheLimitAreRefusedWith431() throws Exception {
        LimitedHttpServer server = start(HttpLimits.ofDefaults().withMaxRequestHeaderBytes(2_048));

        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/"))
                        .header("X-Big", "y".repeat(4_000))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("request_header_too_large");
    }

    @Test
    void aRequestPastItsDeadlineIsAnswered408() throws Exception {
        LimitedHttpServer server = start(HttpLimits.ofDefaults().withRequestTimeout(Duration.ofMillis(500)));

        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/never"))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(408);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("request_timeout");
    }

    @Test
    void aBodySentTooSlowlyFailsItsReadAndIsAnswered408() throws Exception {
        LimitedHttpServer server = start(HttpLimits.ofDefaults().withMinRequestBytesPerSecond(1_000));

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readWhileDripping(socket, out);

            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).contains("\"code\":\"request_timeout\"");
        }
    }

    /** Sends one more body byte every 300 ms until the server answers; returns the answer's head and body. */
    private static String readWhileDripping(Socket socket, OutputStream out) throws IOException {
        socket.setSoTimeout(300);
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < giveUp) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                if (answer.indexOf("}}") >= 0) {
                    break;
                }
            } catch (java.net.SocketTimeoutException e) {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closed) {
                    // the server gave up on us; read what it said
                }
            }
        }
        return answer.toString();
    }

    @Test
    void connectionsTricklingTheirHeadersHoldNoThread() throws Exception {
        LimitedHttpServer server = start(HttpLimits.ofDefaults().withMaxThreads(8));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write("POST / HTTP/1.1\r\nHost: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }

            HttpResponse<String> answer = post(server, "/", HttpRequest.BodyPublishers.ofString("hello"));

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("read 5");
            assertThat(slow).allSatisfy(s -> assertThat(s.isClosed()).isFalse());
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void beyondTheConnectionLimitANewClientWaitsUntilOneCloses() throws Exception {
        LimitedHttpServer server = start(HttpLimits.ofDefaults().withMaxConnections(2));
        Socket first = new Socket("127.0.0.1", server.port());
        Socket second = new Socket("127.0.0.1", server.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            // both accepted: a request on each is answered
            return exchange(first).startsWith("HTTP/1.1 200")
                    && exchange(second).startsWith("HTTP/1.1 200");
        });

        CompletableFuture<HttpResponse<String>> third = HTTP.sendAsync(
                HttpRequest.newBuilder(server.baseUri().resolve("/"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("third"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !third.isDone());
        first.close();
        second.close();
        assertThat(third.get().statusCode()).isEqualTo(200);
        assertThat(third.get().body()).isEqualTo("read 5");
    }

    private static String exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(5_000);
        byte[] buffer = new byte[1024];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    private static HttpResponse<String> post(LimitedHttpServer server, String path, HttpRequest.BodyPublisher body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                        .timeout(Duration.ofSeconds(20))
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
