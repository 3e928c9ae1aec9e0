package dev.routeplane.bench.batch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One interactive chat completion a second through the API, as a person at a chat window would send them, each on its
 * own thread so a slow answer never delays the next; records each answer's latency (failures are counted apart).
 */
final class InteractiveProbe implements AutoCloseable {
    /** The answering model of a chat completion (its top-level "model", the first such field of the answer). */
    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");
    /**
     * Routeplane's account of the answer: the time from its submission to its result ({@code routeplane.latency_ms})
     * and the provider calls tried ({@code attempts}).
     */
    private static final Pattern ROUTEPLANE_MS = Pattern.compile("\"latency_ms\"\\s*:\\s*(\\d+)");

    private static final Pattern TRIES = Pattern.compile("\"attempts\"\\s*:\\s*(\\d+)");

    /** One answer: its latency at the client, its model, Routeplane's submission-to-result time, its tries (-1: none). */
    private record Answer(long ms, String model, long routeplaneMs, int tries) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final String auth;
    /** Every answered call, in the order answered; latencies and per-model figures are read from these. */
    private final List<Answer> answers = new ArrayList<>();

    private final AtomicInteger failures = new AtomicInteger();
    private final List<Thread> calls = new ArrayList<>();
    private final Thread ticker;
    private volatile boolean running = true;
    private volatile boolean paused;
    private int sent;

    private InteractiveProbe(URI apiBase, String auth) {
        this.endpoint = apiBase.resolve("/v1/chat/completions");
        this.auth = auth;
        this.ticker = new Thread(this::tick, "bench-interactive-probe");
        ticker.setDaemon(true);
    }

    static InteractiveProbe start(URI apiBase, String auth) {
        InteractiveProbe probe = new InteractiveProbe(apiBase, auth);
        probe.ticker.start();
        return probe;
    }

    /** Holds the probe back (while the API's heap is measured, which stops its JVM for a moment). */
    void pause(boolean pause) {
        this.paused = pause;
    }

    private void tick() {
        long next = System.nanoTime();
        while (running) {
            if (!paused) {
                int n = ++sent;
                Thread call = new Thread(() -> call(n), "bench-probe-" + n);
                call.setDaemon(true);
                synchronized (calls) {
                    calls.add(call);
                }
                call.start();
            }
            next += Duration.ofSeconds(1).toNanos();
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void call(int n) {
        String body = "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\":" + " \"Quick question "
                + n + ": what is a good name for a pet goldfish?\"}], \"max_tokens\": 100}";
        long started = System.nanoTime();
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .header("Authorization", auth)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(3))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (answer.statusCode() == 200) {
                Matcher model = MODEL.matcher(answer.body());
                String name = model.find() ? model.group(1) : "?";
                synchronized (answers) {
                    answers.add(new Answer(
                            ms, name, number(ROUTEPLANE_MS, answer.body()), (int) number(TRIES, answer.body())));
                }
            } else {
                failures.incrementAndGet();
            }
        } catch (Exception e) {
            failures.incrementAndGet();
        }
    }

    /** Stops sending, waits for the calls out, returns the latencies of the answered ones. */
    List<Long> stop() throws InterruptedException {
        running = false;
        ticker.interrupt();
        ticker.join();
        List<Thread> out;
        synchronized (calls) {
            out = new ArrayList<>(calls);
        }
        for (Thread call : out) {
            call.join(Duration.ofMinutes(3).toMillis());
        }
        synchronized (answers) {
            return answers.stream().map(Answer::ms).toList();
        }
    }

    /** "model N answers, p50 A ms, p99 B ms; ..." over the answers so far. */
    String byModel() {
        List<String> parts = new ArrayList<>();
        Map<String, List<Long>> byModel = new TreeMap<>();
        synchronized (answers) {
            answers.forEach(a ->
                    byModel.computeIfAbsent(a.model(), k -> new ArrayList<>()).add(a.ms()));
        }
        byModel.forEach((model, ms) -> parts.add(String.format(
                Locale.ROOT,
                "%s %d answers, p50 %d ms, p99 %d ms",
                model,
                ms.size(),
                dev.routeplane.bench.Percentiles.nearestRank(ms, 50),
                dev.routeplane.bench.Percentiles.nearestRank(ms, 99))));
        return String.join("; ", parts);
    }

    /**
     * "A ms (model, N tries, R ms submitted to result); ..." for the slowest 1 % of the answers (at least one): whether
     * the tail comes from retried calls or from waiting.
     */
    String slowest() {
        synchronized (answers) {
            int n = Math.max(1, answers.size() / 100);
            return answers.stream()
                    .sorted((a, b) -> Long.compare(b.ms(), a.ms()))
                    .limit(n)
                    .map(a -> String.format(
                            Locale.ROOT,
                            "%d ms (%s, %d tries, %d ms submitted to result)",
                            a.ms(),
                            a.model(),
                            a.tries(),
                            a.routeplaneMs()))
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("none");
        }
    }

    private static long number(Pattern field, String body) {
        Matcher m = field.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    int failures() {
        return failures.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
