package dev.routeplane.executors.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.ChatTurn;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.executors.ToolDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every provider adapter passes, against recorded fixtures of the provider's real API under
 * {@code fixtures/<provider>/}: each is served by a local HTTP server and the adapter is called over real HTTP.
 * A fixture is {@code {"status": …, "headers": {…}, "body": {…}}} or, for a cut-off body, {@code "rawBody": "…"};
 * {@code request.json} is the request body the adapter must send for {@link #sampleCall}.
 */
public abstract class ProviderAdapterContractTest {
    protected static final String KEY = "sk-contract-test-key-9f8e7d6c5b4a";
    protected static final String REQUEST_ID = "req-contract-1";
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2029-12-31T23:59:00Z"), ZoneOffset.UTC);

    private HttpServer server;
    private final AtomicReference<JsonNode> fixture = new AtomicReference<>();
    private final AtomicReference<Captured> captured = new AtomicReference<>();
    protected JsonHttpAdapter adapter;

    /** A request as the fixture server saw it. */
    protected record Captured(String method, String path, Map<String, List<String>> headers, JsonNode body) {}

    /** The fixture directory name, e.g. {@code openai}. */
    protected abstract String provider();

    /** The adapter under test, pointed at {@code baseUrl}. */
    protected abstract JsonHttpAdapter adapter(URI baseUrl, HttpClient http, Clock clock);

    /** The base URL to give the adapter for a server at {@code root} (e.g. {@code root + "/v1"}). */
    protected abstract String baseUrl(String root);

    /** The path the provider serves, e.g. {@code /v1/chat/completions}. */
    protected abstract String expectedPath();

    /** Asserts the auth headers carry {@link #KEY} the provider's way. */
    protected abstract void assertAuthenticated(Captured request);

    /** The model sent in {@link #sampleCall()}. */
    protected abstract String sampleModel();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            captured.set(new Captured(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestHeaders(),
                    AdapterJson.MAPPER.readTree(in)));
            JsonNode f = fixture.get();
            for (Iterator<Map.Entry<String, JsonNode>> it = f.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                ex.getResponseHeaders().set(h.getKey(), h.getValue().asText());
            }
            ex.getResponseHeaders().set("content-type", "application/json");
            byte[] out = f.has("rawBody")
                    ? f.path("rawBody").asText().getBytes(StandardCharsets.UTF_8)
                    : AdapterJson.bytes(f.path("body"));
            ex.sendResponseHeaders(f.path("status").asInt(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        adapter = adapter(
                URI.create(baseUrl(root)),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                CLOCK);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    protected ProviderCall sampleCall() {
        return new ProviderCall(
                sampleModel(),
                List.of(
                        new ChatTurn("system", "You are terse."),
                        new ChatTurn("user", "What is the weather in Paris?")),
                256,
                List.of(
                        new ToolDefinition(
                                "get_weather",
                                "Current weather for a city",
                                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")),
                "json_object",
                ApiKey.of(KEY),
                Duration.ofSeconds(5),
                REQUEST_ID);
    }

    protected static JsonNode load(String resource) {
        try (InputStream in = ProviderAdapterContractTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource);
            }
            return AdapterJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves fixture {@code name} and calls the adapter with {@link #sampleCall()}. */
    protected ProviderResponse respondWith(String name) {
        fixture.set(load("/fixtures/" + provider() + "/" + name + ".json"));
        try {
            return adapter.call(sampleCall()).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    protected ProviderCallException failureOf(String name) {
        ProviderCallException e = catchThrowableOfType(ProviderCallException.class, () -> respondWith(name));
        assertThat(e).as("fixture %s fails", name).isNotNull();
        assertThat(e.getMessage()).doesNotContain(KEY);
        return e;
    }

    @Test
    void sendsTheRecordedRequestShapeToTheProvidersEndpoint() {
        respondWith("success");

        Captured request = captured.get();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(expectedPath());
        assertThat(request.body()).isEqualTo(load("/fixtures/" + provider() + "/request.json"));
        assertAuthenticated(request);
    }

    @Test
    void namesTheRequestItCallsForSoProviderLogsCanBeMatchedWithRouteplanes() {
        respondWith("success");

        assertThat(captured.get().headers().get("X-Client-Request-Id")).containsExactly(REQUEST_ID);
    }

    @Test
    void mapsACompletionWithTextFinishAndUsage() {
        ProviderResponse r = respondWith("success");

        assertThat(r.finish()).isEqualTo(FinishKind.STOP);
        assertThat(r.text()).contains("21°C");
        assertThat(r.toolCalls()).isEmpty();
        assertThat(r.responseId()).isNotBlank();
        assertThat(r.rateLimits().remainingRequests()).isPresent();
    }

    @Test
    void mapsToolCallsInOrder() {
        ProviderResponse r = respondWith("tool-call");

        assertThat(r.finish()).isEqualTo(FinishKind.TOOL_CALLS);
        assertThat(r.toolCalls()).hasSize(3);
        assertThat(r.toolCalls().get(0).name()).isEqualTo("get_weather");
        assertThat(AdapterJson.treeOrNull(r.toolCalls().get(0).argumentsJson())
                        .path("city")
                        .asText())
                .isEqualTo("Paris");
    }

    @Test
    void mapsALengthFinishAsABilledCompletion() {
        ProviderResponse r = respondWith("length");

        assertThat(r.finish()).isEqualTo(FinishKind.LENGTH);
        assertThat(r.outputTokens()).isEqualTo(256);
    }

    @Test
    void mapsAContentFilterFinishAsABilledCompletion() {
        ProviderResponse r = respondWith("content-filter");

        assertThat(r.finish()).isEqualTo(FinishKind.CONTENT_FILTER);
        assertThat(r.inputTokens()).isEqualTo(19);
        assertThat(r.outputTokens()).isEqualTo(3);
    }

    @Test
    void classifiesA429AsRateLimitedWithItsRetryAfterAndQuota() {
        ProviderCallException e = failureOf("rate-limited");

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfterMillis()).isEqualTo(2_000);
        assertThat(e.rateLimits().remainingRequests()).hasValue(0);
        assertThat(e.rateLimits().headroom(CLOCK.instant())).isEqualTo(0.0);
    }

    @Test
    void classifiesAContextLengthErrorAsContextOverflow() {
        assertThat(failureOf("context-length").kind()).isEqualTo(ErrorKind.CONTEXT_OVERFLOW);
    }

    @Test
    void classifiesAnAuthFailureAsPermanentWithoutQuotingTheProvidersMessage() {
        ProviderCallException e = failureOf("unauthorized");

        assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
        assertThat(e.getMessage()).contains("401").doesNotContain("sk-");
    }

    @Test
    void classifiesServerErrorsAndOverloadAsRetryable() {
        assertThat(failureOf("server-error").kind()).isEqualTo(ErrorKind.RETRYABLE);
        assertThat(failureOf("overloaded").kind()).isEqualTo(ErrorKind.RETRYABLE);
        assertThat(failureOf("overloaded").outcome()).isEqualTo(ProviderCallException.SERVER_ERROR);
    }

    @Test
    void treatsA200CarryingAnErrorObjectAsARetryableFailure() {
        ProviderCallException e = failureOf("error-in-200");

        assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
        assertThat(e.outcome()).isEqualTo(ProviderCallException.MALFORMED_RESPONSE);
    }

    @Test
    void treatsACutOffBodyAsARetryableFailure() {
        ProviderCallException e = failureOf("cut-off");

        assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
        assertThat(e.outcome()).isEqualTo(ProviderCallException.MALFORMED_RESPONSE);
    }

    @Test
    void abandonsACallAtItsTimeout() throws IOException {
        server.removeContext("/");
        server.createContext("/", ex -> {
            // never answers
        });
        ProviderCall slow = new ProviderCall(
                sampleModel(),
                sampleCall().messages(),
                16,
                List.of(),
                null,
                ApiKey.of(KEY),
                Duration.ofMillis(300),
                REQUEST_ID);

        ProviderCallException e = catchThrowableOfType(ProviderCallException.class, () -> {
            try {
                adapter.call(slow).join();
            } catch (CompletionException c) {
                throw (RuntimeException) c.getCause();
            }
        });

        assertThat(e.outcome()).isEqualTo(ProviderCallException.TIMEOUT);
        assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
    }
}
