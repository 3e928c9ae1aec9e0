package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.http.HttpLimits;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API's limits over real HTTP: slow clients, oversized multipart bodies. */
class ApiServerLimitsIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME = "Bearer " + TenantAuthenticator.demoKey("acme");
    private static final String UMBRELLA = "Bearer " + TenantAuthenticator.demoKey("umbrella");

    private static final FileLimits SMALL_FILES = new FileLimits(2_000, 2, Duration.ofDays(1));

    private static ApiUnderTest api;
    private static ApiServer server;
    private static ApiClient client;
    private static ApiServer strict;

    @BeforeAll
    static void startApi() throws Exception {
        api = ApiUnderTest.start(platform);
        server = api.server("limits", b -> b);
        client = new ApiClient(server.baseUri());
        strict = api.server(
                "strict",
                b -> b.fileLimits(SMALL_FILES).limits(HttpLimits.ofDefaults().withIdleTimeout(Duration.ofSeconds(1))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void fiftyConnectionsDrippingTheirHeadersDoNotHoldUpAnotherTenantsRequest() throws Exception {
        List<Socket> slow = new ArrayList<>();
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + UMBRELLA
                        + "\r\nContent-Type: application/json\r\nX-Padding: " + "x".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Thread dripper = new Thread(() -> drip(slow, head), "slow-headers");
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket("localhost", server.port());
                socket.getOutputStream().write(head, 0, 1);
                slow.add(socket);
            }
            dripper.start();

            // Generous bound: a liveness check, not a speed measurement. Before Jetty, 16 worker threads each
            // blocked on a slow header and this request was never read.
            HttpResponse<String> answer = client.postBody(
                    "/v1/chat/completions",
                    ACME,
                    "application/json",
                    HttpRequest.BodyPublishers.ofString("""
                {"model": "auto", "messages": [{"role": "user", "content": "still served?"}]}"""),
                    Duration.ofSeconds(20));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body())
                            .at("/choices/0/message/content")
                            .asText())
                    .isEqualTo("echo: still served?");
            assertThat(slow).allSatisfy(s -> assertThat(s.isClosed()).isFalse());
        } finally {
            dripper.interrupt();
            dripper.join(5_000);
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Sends one more header byte on every connection every two seconds, never finishing the headers. */
    private static void drip(List<Socket> sockets, byte[] head) {
        try {
            for (int next = 1; next < head.length - 4; next++) {
                Thread.sleep(2_000);
                for (Socket socket : sockets) {
                    OutputStream out = socket.getOutputStream();
                    out.write(head, next, 1);
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            // the server closed a connection; the test's assertions say whether that was allowed
        }
    }

    @Test
    void anUploadWithThousandsOfPartsIsRefusedWithAnOpenAiError() throws Exception {
        String boundary = "rp-many-parts";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 5_000; i++) {
            body.writeBytes(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"extra" + i + "\"\r\n\r\nx\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n"
                        + ApiClient.line("a", "hi") + "\n\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII));

        HttpResponse<String> response = client.postBody(
                "/v1/files",
                ACME,
                "multipart/form-data; boundary=" + boundary,
                HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                Duration.ofSeconds(30));

        assertThat(response.statusCode()).isIn(400, 413);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("too_many_parts");
        assertThat(error.get("message").asText()).contains("100 parts");
        assertThat(JSON.readTree(client.get("/v1/files", ACME).body()).get("data"))
                .isEmpty();
    }

    @Test
    void aChatCompletionWaitsForItsResultPastTheConnectionsIdleTimeout() throws Exception {
        // The strict server closes idle connections after 1 s; this request waits 2.5 s for a result that never
        // comes and must get its own timeout answer, not a closed connection.
        HttpResponse<String> response = new ApiClient(strict.baseUri())
                .post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "never answer this"}]}""", "X-Routeplane-Timeout-Ms", "2500");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("result_pending");
    }

    @Test
    void aJsonBodyOverItsLimitIsRefusedWith413EvenWithoutContentLength() throws Exception {
        byte[] big = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> response = client.postBody(
                "/v1/chat/completions",
                ACME,
                "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)),
                Duration.ofSeconds(30));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void aChatCompletionWhoseToolDescriptionsMakeItTooLargeForKafkaIsRefusedWithRequestTooLarge() throws Exception {
        // A short prompt: only the tool description (about 1 MB) makes the request larger than router.maxRequestBytes.
        String description = "Searches the documents. ".repeat(42_000);
        String body = JSON.writeValueAsString(Map.of(
                "model",
                "auto",
                "messages",
                List.of(Map.of("role", "user", "content", "Find the onboarding guide.")),
                "tools",
                List.of(Map.of(
                        "type",
                        "function",
                        "function",
                        Map.of("name", "search_docs", "description", description, "parameters", Map.of())))));
        HttpResponse<String> response = client.postBody(
                "/v1/chat/completions",
                ACME,
                "application/json",
                HttpRequest.BodyPublishers.ofString(body),
                Duration.ofSeconds(30));

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("REQUEST_TOO_LARGE");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("router.maxRequestBytes 921600");
    }

    @Test
    void uploadsPastATenantsFileCountOrStorageAreRefusedNamingTheLimit() throws Exception {
        ApiClient strictClient = new ApiClient(strict.baseUri());
        String tightwad = "Bearer " + TenantAuthenticator.demoKey("tightwad");
        String initech = "Bearer " + TenantAuthenticator.demoKey("initech");
        String line = ApiClient.line("a", "x".repeat(400)) + "\n";
        strictClient.upload(tightwad, "batch", "one.jsonl", line);
        strictClient.upload(tightwad, "batch", "two.jsonl", line);

        HttpResponse<String> third = strictClient.multipart(
                tightwad, Map.of("purpose", "batch"), "three.jsonl", line.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tooBig =
                strictClient.multipart(initech, Map.of("purpose", "batch"), "big.jsonl", new byte[2_001]);

        assertThat(third.statusCode()).isEqualTo(400);
        JsonNode count = JSON.readTree(third.body()).get("error");
        assertThat(count.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(count.get("code").asText()).isEqualTo("file_count_quota_exceeded");
        assertThat(count.get("message").asText()).contains("2 files per tenant", "--tenant-file-count");
        assertThat(tooBig.statusCode()).isEqualTo(400);
        JsonNode bytes = JSON.readTree(tooBig.body()).get("error");
        assertThat(bytes.get("code").asText()).isEqualTo("storage_quota_exceeded");
        assertThat(bytes.get("message").asText()).contains("2000 bytes per tenant", "--tenant-file-storage-mb");
        assertThat(JSON.readTree(strictClient.get("/v1/files", initech).body()).get("data"))
                .isEmpty();
        assertThat(JSON.readTree(strictClient.get("/v1/files", tightwad).body()).get("data"))
                .hasSize(2);
    }

    @Test
    void anUploadMayAskForAnEarlierExpiryWithinOpenAisBounds() throws Exception {
        String globex = "Bearer " + TenantAuthenticator.demoKey("globex-eu");
        byte[] content = (ApiClient.line("e", "expiring") + "\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> ok = client.multipart(
                globex,
                Map.of("purpose", "batch", "expires_after[anchor]", "created_at", "expires_after[seconds]", "3600"),
                "soon.jsonl",
                content);
        HttpResponse<String> tooSoon = client.multipart(
                globex,
                Map.of("purpose", "batch", "expires_after[anchor]", "created_at", "expires_after[seconds]", "60"),
                "sooner.jsonl",
                content);

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode file = JSON.readTree(ok.body());
        assertThat(file.get("expires_at").asLong())
                .isEqualTo(file.get("created_at").asLong() + 3600);
        assertThat(tooSoon.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooSoon.body()).at("/error/param").asText()).isEqualTo("expires_after[seconds]");
        assertThat(JSON.readTree(tooSoon.body()).at("/error/code").asText()).isEqualTo("invalid_expires_after");
    }

    @Test
    void aTwoHundredMegabyteBatchFileStreamsToDiskWithoutGrowingTheHeap() throws Exception {
        // OpenAI's limits for one batch input file: 200 MB and 50,000 lines.
        GeneratedUpload upload = new GeneratedUpload(50_000, 4_000);
        assertThat(upload.fileBytes()).isEqualTo(200_000_000L);
        long baseline = liveHeapAfterGc();
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        HttpResponse<String> response;
        try {
            response = client.postBody(
                    "/v1/files",
                    UMBRELLA,
                    "multipart/form-data; boundary=" + GeneratedUpload.BOUNDARY,
                    HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> upload), upload.bodyBytes()),
                    Duration.ofMinutes(5));
        } finally {
            sampler.stop();
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode file = JSON.readTree(response.body());
        assertThat(file.get("bytes").asLong()).isEqualTo(upload.fileBytes());
        long growth = sampler.peak - baseline;
        System.out.printf(
                "200 MB upload: live heap %d MB before, peak %d MB after GC during the upload (%d samples)%n",
                baseline >> 20, sampler.peak >> 20, sampler.samples);
        assertThat(sampler.samples).isPositive();
        // Buffering the file would add 200 MB; streaming adds buffers of 64 KB.
        assertThat(growth).as("live heap growth in bytes").isLessThan(64L << 20);
        assertThat(sampler.peak).as("live heap in bytes").isLessThan(512L << 20);
        assertThat(client.delete(
                                "/v1/files/" + file.get("id").asText(),
                                "Bearer " + TenantAuthenticator.demoKey("umbrella"))
                        .statusCode())
                .isEqualTo(200);
    }

    private static long liveHeapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean()
                .getHeapMemoryUsage()
                .getUsed();
    }

    /** Measures the live heap (used after a full GC) once a second while an upload runs. */
    private static final class HeapSampler {
        private final Thread thread = new Thread(this::run, "heap-sampler");
        private volatile boolean running = true;
        volatile long peak;
        volatile int samples;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(10_000);
        }

        private void run() {
            // Sample at once and then every 200 ms: on a quiet machine the whole upload takes about a second.
            while (running) {
                peak = Math.max(peak, liveHeapAfterGc());
                samples++;
                try {
                    Thread.sleep(200); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
