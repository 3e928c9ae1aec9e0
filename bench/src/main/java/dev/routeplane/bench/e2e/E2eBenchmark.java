package dev.routeplane.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.bench.batch.ApiProcess;
import dev.routeplane.bench.batch.QueueDepths;
import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.workload.MixedWorkload;
import dev.routeplane.simulator.workload.TenantShare;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code bench e2e}: the whole pipeline (broker, registry, router, executors, ledger, alias guard, and the API as its
 * own process) on the embedded platform, exactly-once as in production, against a simulator answering at 0 ms with
 * limits far above the load ({@link BenchSetup}), so that what is measured is Routeplane itself.
 *
 * <p>Two phases. The ramp offers the demo's mixed workload (its tenants without {@code tightwad}) through Kafka, as
 * batch submission does ({@code RequestSender}), open loop at rising rates, and counts terminal outcomes on
 * {@code rp.results.v1} and {@code rp.requests.rejected.v1}; X is the highest rate of the leading steps the pipeline
 * kept up with ({@link RampStep#keptUp}). Then it waits for the backlog to drain and counts lost and duplicated
 * terminal outcomes per request id. The API phase sends synchronous {@code POST /v1/chat/completions} open loop at
 * a fixed rate; the overhead of a call is its round trip at the client minus its provider calls' own time as the
 * executor recorded it in the result's attempts ({@link Overhead}). The same HTTP client then calls the simulator
 * directly at the same rate: the floor. Last line:
 *
 * <pre>
 * e2e: max X req/s; at R req/s overhead p50 A ms p99 B ms (direct-call floor p50 C ms p99 D ms)
 * </pre>
 *
 * With {@code routers} or {@code executors} above 1, further router and executor instances (each its own runtime,
 * its own state directory, in this JVM) join the same consumer and share groups against the one broker.
 */
public final class E2eBenchmark {
    /** The demo's tenants without tightwad, whose $0.05 daily budget would turn the ramp into rejections. */
    static final List<TenantShare> TENANTS = List.of(
            new TenantShare("acme", 0.40),
            new TenantShare("globex-eu", 0.20),
            new TenantShare("initech", 0.15),
            new TenantShare("umbrella", 0.15));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TENANT = "acme";
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    /** Measured after the ramp has drained: what the pipeline's threads cost with no request to serve. */
    private static final Duration IDLE = Duration.ofSeconds(5);

    private static final Duration DRAIN = Duration.ofSeconds(120);

    private E2eBenchmark() {}

    public static int run(E2eBenchOptions o, PrintStream out) throws Exception {
        RouteplaneConfig config = BenchSetup.withTenantCopies(BenchSetup.config(), TENANTS, o.tenantCopies());
        String runId = Long.toString(System.currentTimeMillis(), 36);
        out.printf(
                Locale.ROOT,
                "bench e2e: %d router(s), %d executor(s), %d ramp tenants, simulator at 0 ms with limits raised; load %.2f;"
                        + " data in %s%n",
                o.routers(),
                o.executors(),
                TENANTS.size() * o.tenantCopies(),
                load(),
                o.dataDir());
        try (SimulatorServer simulator = SimulatorServer.start(BenchSetup.simulator(config, Instant.now(), o.seed()));
                RouteplaneRuntime runtime = RouteplaneRuntime.start(
                        RuntimeOptions.embedded(config, o.dataDir().resolve("instance-1"))
                                .withServices(EnumSet.complementOf(EnumSet.of(Service.SIMULATOR)))
                                .withSimulatorUrl(URI.create("http://127.0.0.1:" + simulator.port()))
                                .withSeed(o.seed()),
                        step -> out.println("  " + step));
                // Closed before the first runtime, whose broker they need to stop cleanly.
                Instances extras = new Instances()) {
            for (int i = 2; i <= Math.max(o.routers(), o.executors()); i++) {
                Set<Service> services = EnumSet.noneOf(Service.class);
                if (i <= o.routers()) {
                    services.add(Service.ROUTER);
                }
                if (i <= o.executors()) {
                    services.add(Service.EXECUTORS);
                }
                out.println("  instance " + i + ": " + services);
                extras.add(RouteplaneRuntime.start(
                        another(runtime, services, o.dataDir().resolve("instance-" + i)),
                        step -> out.println("    " + step)));
            }
            Ramp ramp = ramp(o, runtime, "e2e-" + runId + "-r", out);
            int max = RampStep.maxKeptUp(ramp.steps());
            if (o.rampOnly()) {
                out.printf(
                        Locale.ROOT,
                        "e2e: max %d req/s with %d router(s) and %d executor(s); %d lost, %d duplicated%n",
                        max,
                        o.routers(),
                        o.executors(),
                        ramp.lost(),
                        ramp.duplicated());
                return ramp.lost() == 0 && ramp.duplicated() == 0 ? 0 : 1;
            }
            String auth = "Bearer rp-demo-" + API_TENANT;
            try (ApiProcess api = ApiProcess.start(
                            o.apiCommand(),
                            runtime.bootstrapServers(),
                            runtime.registryUrl(),
                            o.dataDir().resolve("api"),
                            o.dataDir().resolve("api.log"),
                            auth);
                    HttpPhase http = new HttpPhase()) {
                out.println("  API on " + api.baseUri() + " (its own process; log "
                        + o.dataDir().resolve("api.log") + ")");
                URI completions = api.baseUri().resolve("/v1/chat/completions");
                MixedWorkload warm = workload(o.seed() + 1, "e2e-" + runId + "-w");
                http.run(Math.max(1, o.fixedRate() / 5), WARM_UP, i -> apiCall(completions, auth, warm.next()));
                String prefix = "e2e-" + runId + "-a";
                MixedWorkload calls = workload(o.seed() + 2, prefix);
                HttpPhase.Outcome viaApi;
                Map<String, Long> providerMs;
                Instant phaseStart = Instant.now().minusSeconds(5);
                List<GcPauses.Pause> phasePauses;
                try (TerminalTally tally = new TerminalTally(
                                runtime.clientProperties(), runtime.topics(), runtime.serdes(), prefix, phaseStart);
                        GcPauses gc = GcPauses.listen()) {
                    viaApi = http.run(o.fixedRate(), o.fixedPhase(), i -> apiCall(completions, auth, calls.next()));
                    phasePauses = gc.since(0);
                    HttpPhase.Outcome answered = viaApi;
                    await(() -> answered.roundTripMs().keySet().stream().allMatch(tally::has), Duration.ofSeconds(30));
                    providerMs = tally.providerMs();
                }
                List<Long> overheads = Overhead.of(viaApi.roundTripMs(), providerMs);
                out.printf(
                        Locale.ROOT,
                        "  API phase at %d req/s for %d s: %d sent, %d shed (over %d in flight), %d answered 200, %d"
                                + " failed%s; %d without a result read; round trip p50 %d ms p99 %d ms; provider time p50 %d ms p99 %d ms; load %.2f%n",
                        o.fixedRate(),
                        o.fixedPhase().toSeconds(),
                        viaApi.sent(),
                        viaApi.shed(),
                        HttpPhase.MAX_IN_FLIGHT,
                        viaApi.roundTripMs().size(),
                        viaApi.failed(),
                        viaApi.firstFailure() == null ? "" : " (first: " + viaApi.firstFailure() + ")",
                        Overhead.unmatched(viaApi.roundTripMs(), providerMs),
                        Overhead.p50(List.copyOf(viaApi.roundTripMs().values())),
                        Overhead.p99(List.copyOf(viaApi.roundTripMs().values())),
                        Overhead.p50(List.copyOf(providerMs.values())),
                        Overhead.p99(List.copyOf(providerMs.values())),
                        load());
                out.println(GcPauses.describe(phasePauses));
                // Beside the run's data directory, which is deleted when the run ends.
                Path hopsFile = o.dataDir().resolveSibling(o.dataDir().getFileName() + "-hops.tsv");
                HopBreakdown.of(
                                runtime.clientProperties(),
                                runtime.topics(),
                                runtime.serdes(),
                                phaseStart,
                                viaApi.sentAtMs(),
                                viaApi.roundTripMs(),
                                hopsFile)
                        .forEach(out::println);
                out.println("  every call's hop times: " + hopsFile);
                String model = openAiModel(config);
                URI direct = URI.create(simulator.baseUrl("openai") + "/chat/completions");
                MixedWorkload directCalls = workload(o.seed() + 3, "e2e-" + runId + "-d");
                HttpPhase.Outcome floor =
                        http.run(o.fixedRate(), o.floorPhase(), i -> directCall(direct, model, directCalls.next()));
                List<Long> floorMs = List.copyOf(floor.roundTripMs().values());
                out.printf(
                        Locale.ROOT,
                        "  direct calls to the simulator (%s) at %d req/s for %d s: %d sent, %d shed, %d answered 200,"
                                + " %d failed%s; load %.2f%n",
                        model,
                        o.fixedRate(),
                        o.floorPhase().toSeconds(),
                        floor.sent(),
                        floor.shed(),
                        floorMs.size(),
                        floor.failed(),
                        floor.firstFailure() == null ? "" : " (first: " + floor.firstFailure() + ")",
                        load());
                out.printf(
                        Locale.ROOT,
                        "e2e: max %d req/s; at %d req/s overhead p50 %d ms p99 %d ms (direct-call floor p50 %d ms"
                                + " p99 %d ms)%n",
                        max,
                        o.fixedRate(),
                        Overhead.p50(overheads),
                        Overhead.p99(overheads),
                        Overhead.p50(floorMs),
                        Overhead.p99(floorMs));
                boolean clean =
                        ramp.lost() == 0 && ramp.duplicated() == 0 && viaApi.failed() == 0 && floor.failed() == 0;
                return clean ? 0 : 1;
            }
        }
    }

    /** The further router and executor instances, closed newest first. */
    private static final class Instances implements AutoCloseable {
        private final List<RouteplaneRuntime> started = new ArrayList<>();

        void add(RouteplaneRuntime runtime) {
            started.add(runtime);
        }

        @Override
        public void close() {
            Collections.reverse(started);
            started.forEach(RouteplaneRuntime::close);
        }
    }

    /** The ramp's steps and what the drain after it found. */
    record Ramp(List<RampStep> steps, long lost, long duplicated) {}

    private static Ramp ramp(E2eBenchOptions o, RouteplaneRuntime runtime, String prefix, PrintStream out)
            throws Exception {
        List<TenantShare> tenants = BenchSetup.tenantCopies(TENANTS, o.tenantCopies());
        MixedWorkload workload = new MixedWorkload(o.seed(), Clock.systemUTC(), prefix, tenants, 200, 2_048);
        try (TerminalTally tally = new TerminalTally(
                        runtime.clientProperties(),
                        runtime.topics(),
                        runtime.serdes(),
                        prefix,
                        Instant.now().minusSeconds(5));
                RampSender sender = new RampSender(runtime);
                QueueDepths queues = new QueueDepths(
                        runtime.bootstrapServers(),
                        runtime.topics(),
                        List.copyOf(runtime.options().config().providers().keySet()))) {
            int warmRate = Math.max(1, o.rampRates().get(0) / 2);
            ThreadCpu warmCpu = ThreadCpu.start();
            // At least --warmup-seconds, then until the compiler threads settle (WarmUp), at most --warmup-max-seconds.
            long warmStart = System.nanoTime();
            double compiler = Double.NaN;
            while (true) {
                Duration slice = o.rampWarmUp().nextSlice(Duration.ofNanos(System.nanoTime() - warmStart), compiler);
                if (slice.isZero()) {
                    break;
                }
                Map<Long, JvmThreadCpu.Reading> before = JvmThreadCpu.read();
                long sliceStart = System.nanoTime();
                OpenLoop.run(warmRate, slice, i -> sender.send(workload.next()));
                compiler = WarmUp.compilerCores(before, JvmThreadCpu.read(), System.nanoTime() - sliceStart);
                out.printf(
                        Locale.ROOT,
                        "  warm-up: %3d s, %d terminal; JIT compiler threads %.2f cores over the last %d s; load %.2f%n",
                        Duration.ofNanos(System.nanoTime() - warmStart).toSeconds(),
                        tally.distinct(),
                        compiler,
                        slice.toSeconds(),
                        load());
            }
            await(() -> sender.acked() - tally.distinct() <= warmRate, Duration.ofSeconds(60));
            long warmedSeconds = Duration.ofNanos(System.nanoTime() - warmStart).toSeconds();
            out.printf(
                    Locale.ROOT,
                    "  warm-up: %d req/s for %d s, %d terminal; %s; load %.2f%n",
                    warmRate,
                    warmedSeconds,
                    tally.distinct(),
                    Double.isNaN(compiler)
                            ? "no warm-up"
                            : WarmUp.settled(compiler)
                                    ? String.format(Locale.ROOT, "compiler settled (%.2f cores)", compiler)
                                    : String.format(
                                            Locale.ROOT,
                                            "compiler NOT settled (%.2f cores, over %.2f) at --warmup-max-seconds",
                                            compiler,
                                            WarmUp.SETTLED_CORES),
                    load());
            if (warmCpu != null) {
                out.println(warmCpu.end().describe(tally.distinct()).get(0));
            }
            List<RampStep> steps = new ArrayList<>();
            GcPauses gc = GcPauses.listen();
            for (int rate : o.rampRates()) {
                long stepStartUptime = GcPauses.uptimeMs();
                long sentBefore = sender.acked();
                long doneBefore = tally.distinct();
                long start = System.nanoTime();
                ThreadCpu cpu = ThreadCpu.start();
                BrokerRequests requests = BrokerRequests.start();
                OpenLoop.run(rate, o.step(), i -> sender.send(workload.next()));
                ThreadCpu.Usage used = cpu == null ? null : cpu.end();
                List<BrokerRequests.Count> handled = requests == null ? List.of() : requests.end();
                double seconds = (System.nanoTime() - start) / 1e9;
                long sent = sender.acked();
                long done = tally.distinct();
                RampStep step = new RampStep(
                        rate,
                        seconds,
                        sent - sentBefore,
                        done - doneBefore,
                        sentBefore - doneBefore,
                        sent - done,
                        load());
                steps.add(step);
                out.println(step.describe());
                if (used != null) {
                    used.describe(step.completed()).forEach(out::println);
                    ThreadCpu.append(cpuFile(o), "step " + rate, used);
                }
                if (!handled.isEmpty()) {
                    out.println(BrokerRequests.describe(handled, step.completed(), seconds));
                }
                out.println(GcPauses.describe(gc.since(stepStartUptime)));
                out.println("    stream threads (Streams' metrics, last ~30-60 s):");
                StreamThreadTimes.describe().forEach(out::println);
                out.println("    waiting: " + where(queues, tenants));
                if (!step.keptUp()) {
                    break;
                }
            }
            gc.close();
            sender.flush();
            long drainStart = System.nanoTime();
            boolean drained = await(() -> tally.distinct() >= sender.acked(), DRAIN);
            // Late duplicates would arrive within the executors' commit cycle: give them a moment to show.
            Thread.sleep(3_000);
            // Drained and warm: what the pipeline's threads cost with nothing to do (polls, heartbeats, timers).
            ThreadCpu idle = ThreadCpu.start();
            BrokerRequests idleRequests = BrokerRequests.start();
            Thread.sleep(IDLE.toMillis());
            if (idle != null) {
                ThreadCpu.Usage used = idle.end();
                out.printf(Locale.ROOT, "  idle for %d s after the ramp:%n", IDLE.toSeconds());
                used.describe(0).forEach(out::println);
                if (idleRequests != null) {
                    out.println(BrokerRequests.describe(idleRequests.end(), 0, IDLE.toSeconds()));
                }
                ThreadCpu.append(cpuFile(o), "idle", used);
                out.println("  every thread group's CPU per step: " + cpuFile(o));
            }
            long lost = sender.acked() - tally.distinct();
            out.printf(
                    Locale.ROOT,
                    "  ramp: %d acknowledged, %d send failures, %d with a terminal outcome (%d refused), %d terminal"
                            + " outcomes; %d lost, %d duplicated (%s in %.0f s)%n",
                    sender.acked(),
                    sender.failed(),
                    tally.distinct(),
                    tally.rejected(),
                    tally.terminal(),
                    lost,
                    tally.duplicated(),
                    drained ? "drained" : "not drained",
                    (System.nanoTime() - drainStart) / 1e9);
            return new Ramp(List.copyOf(steps), lost, tally.duplicated());
        }
    }

    /** Beside the run's data directory, which is deleted when the run ends. */
    private static Path cpuFile(E2eBenchOptions o) {
        return o.dataDir().resolveSibling(o.dataDir().getFileName() + "-cpu.tsv");
    }

    /** Further instances: the first runtime's options on its cluster, with their own services and state. */
    private static RuntimeOptions another(RouteplaneRuntime first, Set<Service> services, Path dataDir) {
        RuntimeOptions o = first.options();
        return new RuntimeOptions(
                o.config(),
                dataDir,
                first.bootstrapServers(),
                first.registryUrl(),
                0,
                0,
                o.partitions(),
                services,
                0,
                o.faults(),
                o.latencyScale(),
                o.clock(),
                o.seed(),
                o.kafkaProperties(),
                o.simulatorUrl(),
                o.recordLock());
    }

    /** Where the backlog waits: for the router (on the tenants' partitions) or in the executors' batch queues. */
    private static String where(QueueDepths queues, List<TenantShare> tenants) {
        try {
            return queues.describe(tenants.stream().map(TenantShare::tenantId).toList(), queues.batchLags());
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private static MixedWorkload workload(long seed, String prefix) {
        return new MixedWorkload(seed, Clock.systemUTC(), prefix, TENANTS, 200, 2_048);
    }

    private static HttpRequest apiCall(URI completions, String auth, RouteRequest request) {
        ObjectNode body = chatBody(request);
        body.put("model", "auto");
        return HttpPhase.post(completions, auth, body.toString())
                .header("Idempotency-Key", request.getRequestId())
                .build();
    }

    private static HttpRequest directCall(URI completions, String model, RouteRequest request) {
        ObjectNode body = chatBody(request);
        body.put("model", model);
        return HttpPhase.post(completions, "Bearer sim-bench-e2e", body.toString())
                .build();
    }

    /** The request as an OpenAI chat body: its messages and output cap (the model is set by the caller). */
    static ObjectNode chatBody(RouteRequest request) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.getMessages()) {
            messages.addObject().put("role", m.getRole()).put("content", m.getContent());
        }
        Integer cap = request.getHints().getMaxOutputTokens();
        if (cap != null) {
            body.put("max_tokens", cap);
        }
        return body;
    }

    private static String openAiModel(RouteplaneConfig config) {
        return config.models().values().stream()
                .filter(m -> m.provider().equals("openai"))
                .map(Model::providerModel)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the bundled config has no openai model"));
    }

    private static boolean await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
