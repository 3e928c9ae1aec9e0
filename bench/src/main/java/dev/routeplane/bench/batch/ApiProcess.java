package dev.routeplane.bench.batch;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API as its own process ({@code routeplane api}), as a deployment runs it, pointed at the benchmark's
 * cluster. Its own JVM, so that its live heap can be measured apart from the broker and the other services: a full
 * collection ({@code jcmd <pid> GC.run}) and then the heap in use ({@code GC.heap_info}).
 */
public final class ApiProcess implements AutoCloseable {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final URI baseUri;

    private ApiProcess(Process process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    /** Starts the API and waits until it answers; its output goes to {@code log}. */
    public static ApiProcess start(
            List<String> command, String bootstrapServers, String registryUrl, Path dataDir, Path log, String auth)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(
                "--bootstrap-servers",
                bootstrapServers,
                "--schema-registry-url",
                registryUrl,
                "--port",
                Integer.toString(port),
                "--data-dir",
                dataDir.toString(),
                "--demo-keys"));
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ApiProcess api = new ApiProcess(process, URI.create("http://localhost:" + port));
        api.awaitReady(auth, Duration.ofMinutes(2));
        return api;
    }

    public URI baseUri() {
        return baseUri;
    }

    private void awaitReady(String auth, Duration within) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the API process ended with exit code " + process.exitValue()
                        + " before it answered; see its log");
            }
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(baseUri.resolve("/v1/batches"))
                                .header("Authorization", auth)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the API did not answer within " + within.toSeconds() + " s");
    }

    /** The API's live heap in MB: a full collection first, then the heap in use. */
    long liveHeapMb() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the heap in use from: " + info.strip());
        }
        return Long.parseLong(m.group(1)) / 1024;
    }

    private String jcmd(String command) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out.strip());
        }
        return out;
    }

    /** Stops the API as Ctrl-C or SIGTERM would. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
