package dev.routeplane.cli.chaos;

import dev.routeplane.cli.process.ServiceProcess;
import dev.routeplane.platform.LocalPorts;
import dev.routeplane.platform.TcpProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The pipeline as separate processes, each started with the command docker-compose runs for it: a broker and registry
 * process ({@code routeplane platform}) that can be killed and restarted on the same data and ports, the provider
 * simulator, the ledger, two routers, two executor processes and the API. Services reach the registry through a
 * {@link TcpProxy} the run can cut. Every process logs to {@code <logs>/<name>.log}.
 *
 * <p>Not thread-safe except that different services may be killed and restarted from different threads.
 */
final class ChaosCluster implements AutoCloseable {
    static final String PLATFORM = "platform";
    static final String SIMULATOR = "simulator";
    static final String LEDGER = "ledger";
    static final String API = "api";
    static final List<String> KILLABLE = List.of("router-1", "router-2", "executors-1", "executors-2", LEDGER, API);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final int START_ATTEMPTS = 5;
    /** Few GC and JIT threads: eight JVMs share the machine, and none of them is being benchmarked. */
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    /**
     * @param latencyScale  multiplies the simulated provider latencies
     * @param recordLockMs  the executors' share-group record lock
     */
    record Settings(long seed, double latencyScale, long recordLockMs) {}

    private final Path dir;
    private final Path logs;
    private final Settings settings;
    private final Consumer<String> log;
    private final int kafkaPort = LocalPorts.freePort();
    private final int registryPort = LocalPorts.freePort();
    private final int simulatorPort = LocalPorts.freePort();
    private final int ledgerPort = LocalPorts.freePort();
    private final int apiPort = LocalPorts.freePort();
    private final Map<String, ServiceProcess.Spec> specs = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private TcpProxy registryProxy;

    /** Service data goes below {@code dir}, one log per service into {@code logs}. */
    ChaosCluster(Path dir, Path logs, Settings settings, Consumer<String> log) {
        this.dir = dir.toAbsolutePath();
        this.logs = logs.toAbsolutePath();
        this.settings = settings;
        this.log = log;
    }

    /** Starts every process: the platform, then the simulator and the ledger, then the rest side by side. */
    void start() throws Exception {
        registryProxy = new TcpProxy(0, registryPort);
        define();
        startService(PLATFORM);
        startAll(List.of(SIMULATOR, LEDGER));
        startAll(List.of("router-1", "router-2", "executors-1", "executors-2", API));
    }

    String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /** The registry as the services see it: through the proxy. */
    String registryUrl() {
        return "http://localhost:" + registryProxy.port();
    }

    /** The registry itself, for the harness (a client the registry outage is not aimed at). */
    String directRegistryUrl() {
        return "http://localhost:" + registryPort;
    }

    String simulatorUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    String apiUrl() {
        return "http://localhost:" + apiPort;
    }

    String ledgerUrl() {
        return "http://localhost:" + ledgerPort;
    }

    Path logs() {
        return logs;
    }

    /** The pid a service runs as now. */
    long pid(String name) {
        synchronized (running) {
            return running.get(name).pid();
        }
    }

    /** The command line of a service, as printed for a replay. */
    List<String> args(String name) {
        return specs.get(name).args();
    }

    /** SIGKILL; returns the pid it had. */
    long kill(String name) throws InterruptedException {
        ServiceProcess process;
        synchronized (running) {
            process = running.get(name);
        }
        process.kill();
        return process.pid();
    }

    /** Starts a killed service again, retrying while it cannot start (e.g. the broker is still down). */
    long restart(String name) throws Exception {
        return startService(name).pid();
    }

    void cutRegistry() throws IOException {
        registryProxy.cut();
    }

    void restoreRegistry() throws IOException {
        registryProxy.restore();
    }

    @Override
    public void close() {
        List<String> names;
        synchronized (running) {
            names = new ArrayList<>(running.keySet());
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            ServiceProcess process;
            synchronized (running) {
                process = running.get(names.get(i));
            }
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (registryProxy != null) {
                registryProxy.close();
            }
        } catch (IOException e) {
            log.accept("closing the registry proxy failed: " + e.getMessage());
        }
    }

    private void define() {
        specs.put(
                PLATFORM,
                spec(
                        PLATFORM,
                        "512m",
                        Pattern.compile("routeplane platform: Kafka .* running"),
                        List.of(
                                "platform",
                                "--data-dir",
                                dir.resolve(PLATFORM).toString(),
                                "--kafka-port",
                                Integer.toString(kafkaPort),
                                "--registry-port",
                                Integer.toString(registryPort))));
        specs.put(
                SIMULATOR,
                spec(
                        SIMULATOR,
                        "384m",
                        Pattern.compile("routeplane simulator on .* port"),
                        List.of(
                                "simulator",
                                "--port",
                                Integer.toString(simulatorPort),
                                "--faults",
                                "REALISTIC",
                                "--latency-scale",
                                Double.toString(settings.latencyScale()),
                                "--seed",
                                Long.toString(settings.seed()))));
        List<String> ledger = service(LEDGER);
        ledger.addAll(0, List.of("ledger", "serve"));
        ledger.addAll(
                List.of("--port", Integer.toString(ledgerPort), "--demo-keys", "--simulator-url", simulatorUrl()));
        specs.put(LEDGER, spec(LEDGER, "512m", ready("ledger"), ledger));
        for (int i = 1; i <= 2; i++) {
            String router = "router-" + i;
            List<String> args = service(router);
            args.add(0, "router");
            specs.put(router, spec(router, "512m", ready("router"), args));
            String executors = "executors-" + i;
            args = service(executors);
            args.add(0, "executors");
            args.addAll(List.of(
                    "--simulator-url", simulatorUrl(), "--record-lock-ms", Long.toString(settings.recordLockMs())));
            specs.put(executors, spec(executors, "512m", ready("executors"), args));
        }
        List<String> api = service(API);
        api.add(0, "api");
        api.addAll(List.of("--port", Integer.toString(apiPort), "--ledger-url", ledgerUrl(), "--demo-keys"));
        specs.put(API, spec(API, "384m", ready("api"), api));
    }

    /** The options every service command shares, as docker-compose passes them. */
    private List<String> service(String name) {
        return new ArrayList<>(List.of(
                "--bootstrap-servers",
                bootstrapServers(),
                "--schema-registry-url",
                registryUrl(),
                "--metrics-port",
                Integer.toString(LocalPorts.freePort()),
                "--data-dir",
                dir.resolve(name).toString()));
    }

    private static Pattern ready(String command) {
        return Pattern.compile("routeplane " + command + ": running against Kafka");
    }

    private ServiceProcess.Spec spec(String name, String heap, Pattern ready, List<String> args) {
        List<String> jvm = new ArrayList<>(JVM);
        jvm.add("-Xmx" + heap);
        return new ServiceProcess.Spec(name, args, ready, jvm, Map.of(), logs().resolve(name + ".log"));
    }

    private void startAll(List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<Future<ServiceProcess>> started = new ArrayList<>();
            for (String name : names) {
                started.add(pool.submit(() -> startService(name)));
            }
            for (Future<ServiceProcess> f : started) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private ServiceProcess startService(String name) throws Exception {
        ServiceProcess.Spec spec = specs.get(name);
        TimeoutException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                ServiceProcess process = ServiceProcess.start(spec, START_TIMEOUT);
                synchronized (running) {
                    running.put(name, process);
                }
                return process;
            } catch (TimeoutException e) {
                last = e;
                log.accept(name + " did not start (attempt " + attempt + " of " + START_ATTEMPTS + "): "
                        + e.getMessage().lines().findFirst().orElse(""));
                Thread.sleep(2_000);
            }
        }
        throw last;
    }
}
