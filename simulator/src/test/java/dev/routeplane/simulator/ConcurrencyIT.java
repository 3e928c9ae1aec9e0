package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Thousands of calls in flight at once with 1 s latency: the simulator must hold them without a thread each.
 * Prints elapsed time and heap; asserts only completeness, never timing.
 */
class ConcurrencyIT {

    private static final int CALLS = 2_000;

    @Test
    void twoThousandConcurrentCallsWithOneSecondLatencyAllComplete() throws Exception {
        SimulatorConfig config = SimulatorConfig.builder()
                .handlerThreads(2)
                .provider(SimulatedProvider.builder("oai", WireFormat.OPENAI)
                        .rpm(1_000_000)
                        .tpm(1_000_000_000)
                        .latency(LatencyProfile.fixed(1_000))
                        .build())
                .build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (SimulatorServer sim = SimulatorServer.start(config)) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30))
                    .build();
            URI uri = URI.create(sim.baseUrl("oai") + "/chat/completions");
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peakInFlight = new AtomicLong();
            AtomicLong peakHeap = new AtomicLong();
            AtomicLong allAcceptedAt = new AtomicLong();
            long start = System.nanoTime();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> {
                        peakInFlight.accumulateAndGet(sim.inFlight(), Math::max);
                        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        if (allAcceptedAt.get() == 0
                                && sim.inFlight() + sim.invoice().calls() >= CALLS) {
                            allAcceptedAt.set((System.nanoTime() - start) / 1_000_000);
                        }
                    },
                    0,
                    20,
                    TimeUnit.MILLISECONDS);

            long t0 = start;
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + SimHttp.OPENAI_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                SimHttp.chat("gpt-4o-mini", "concurrent call " + i, ",\"max_tokens\":64")))
                        .build();
                futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);

            long ok = futures.stream().filter(f -> f.join().statusCode() == 200).count();
            System.out.printf(
                    "ConcurrencyIT: %d calls, 1 s latency, all accepted by the server after %d ms, all done in %d ms; peak in flight %d; "
                            + "heap used before %d MB, peak %d MB (client and server in one JVM, max heap %d MB)%n",
                    CALLS,
                    allAcceptedAt.get(),
                    elapsedMs,
                    peakInFlight.get(),
                    heapBefore >> 20,
                    peakHeap.get() >> 20,
                    memory.getHeapMemoryUsage().getMax() >> 20);
            assertThat(ok).isEqualTo(CALLS);
            assertThat(sim.invoice().calls()).isEqualTo(CALLS);
            assertThat(sim.callCounts().get("oai")).containsEntry("200", (long) CALLS);
        }
    }
}
