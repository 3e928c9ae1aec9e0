package dev.routeplane.runtime;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.ledger.LedgerService;
import dev.routeplane.ledger.LedgerTopologyConfig;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's ledger (bundled config, default topics, default application id) in its own JVM, so a test can
 * kill it with SIGKILL: no close, no flush, no commit. Arguments: bootstrap servers, registry URL, partitions,
 * state directory. Prints {@code RUNNING} once started.
 */
public final class LedgerChild {
    private LedgerChild() {}

    public static void main(String[] args) throws Exception {
        LedgerService service =
                new LedgerService(config(args[1], Integer.parseInt(args[2])), streamsConfig(args[0], Path.of(args[3])));
        service.start(Duration.ofSeconds(90));
        System.out.println("RUNNING");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** The same topology configuration {@link RouteplaneRuntime} gives its in-process ledger. */
    static LedgerTopologyConfig config(String registryUrl, int partitions) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl));
        return LedgerTopologyConfig.of(
                RouteplaneConfig.defaults(), Topics.withPrefix(Topics.DEFAULT_PREFIX, partitions), serdes);
    }

    /**
     * The runtime's ledger settings (default application id), tuned so a dead instance's partitions move and its
     * open transaction is aborted within seconds rather than the defaults' minute.
     */
    static Map<String, Object> streamsConfig(String bootstrap, Path stateDir) {
        Map<String, Object> config = new HashMap<>(LedgerService.streamsConfig(bootstrap, stateDir.toString(), null));
        config.put("application.id", LedgerService.DEFAULT_APPLICATION_ID);
        config.put("consumer.session.timeout.ms", 6_000);
        config.put("consumer.heartbeat.interval.ms", 1_000);
        config.put("producer.transaction.timeout.ms", 5_000);
        config.put("commit.interval.ms", 100);
        return config;
    }

    /** Starts a ledger JVM on the test's classpath and waits until it prints RUNNING. */
    static Process start(String bootstrap, String registryUrl, int partitions, Path stateDir, String name)
            throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-Xmx512m",
                        "-cp",
                        classpath,
                        LedgerChild.class.getName(),
                        bootstrap,
                        registryUrl,
                        Integer.toString(partitions),
                        stateDir.toString())
                .redirectErrorStream(true)
                .start();
        CountDownLatch running = new CountDownLatch(1);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Thread echo = new Thread(
                () -> out.lines().forEach(line -> {
                    if (line.equals("RUNNING")) {
                        running.countDown();
                    }
                    if (line.contains(" ERROR ") || line.contains("Exception")) {
                        System.out.println("[" + name + "] " + line);
                    }
                }),
                name + "-output");
        echo.setDaemon(true);
        echo.start();
        if (!running.await(90, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException(name + " did not report RUNNING within 90 s");
        }
        return child;
    }
}
