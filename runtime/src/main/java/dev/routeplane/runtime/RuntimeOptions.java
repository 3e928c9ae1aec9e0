package dev.routeplane.runtime;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link RouteplaneRuntime} runs and where.
 *
 * @param config            the validated routeplane.yaml
 * @param dataDir           broker data (embedded only), Streams state and service files live below it
 * @param bootstrapServers  an existing cluster, or {@code null} to start the embedded broker and registry
 * @param registryUrl       the existing cluster's schema registry ({@code null} with the embedded platform)
 * @param kafkaPort         embedded broker client port (0 = a free one)
 * @param registryPort      embedded registry port (0 = a free one)
 * @param partitions        partitions of topics this runtime creates
 * @param services          which services to run in this process
 * @param simulatorPort     provider simulator port (0 = a free one), when {@link Service#SIMULATOR} runs
 * @param faults            injected provider faults, when the simulator runs
 * @param latencyScale      multiplies the simulated latencies (1.0 = realistic)
 * @param clock             time source for routing and accounting
 * @param seed              seed for exploration and the simulator
 * @param kafkaProperties   client properties every Kafka client and the registry serdes get (SASL, TLS,
 *                          {@code basic.auth.user.info}, ...), passed through unchanged; bootstrap servers
 *                          come from {@code bootstrapServers}
 * @param simulatorUrl      a provider simulator running elsewhere ({@code http://host:port}) the executors call
 *                          instead of the providers' base URLs, or {@code null}
 * @param recordLock        the executors' share-group record lock ({@code share.record.lock.duration.ms}), or
 *                          {@code null} for the executors' default
 */
public record RuntimeOptions(
        RouteplaneConfig config,
        Path dataDir,
        String bootstrapServers,
        String registryUrl,
        int kafkaPort,
        int registryPort,
        int partitions,
        Set<Service> services,
        int simulatorPort,
        FaultProfile faults,
        double latencyScale,
        Clock clock,
        long seed,
        Map<String, String> kafkaProperties,
        URI simulatorUrl,
        Duration recordLock) {

    /** A service the runtime can run. */
    public enum Service {
        ROUTER,
        /**
         * The learner (trains the success models learned routing reads) and the online alias guard; with
         * {@code LearningOptions.none()} the guard alone. Run one per cluster.
         */
        LEARNER,
        EXECUTORS,
        LEDGER,
        SIMULATOR
    }

    public RuntimeOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(clock, "clock");
        services = Set.copyOf(services);
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        if ((bootstrapServers == null) != (registryUrl == null)) {
            throw new IllegalArgumentException(
                    "an existing cluster needs both --bootstrap-servers and --schema-registry-url, got "
                            + bootstrapServers + " and " + registryUrl);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (!(latencyScale > 0)) {
            throw new IllegalArgumentException("latency scale must be > 0, got " + latencyScale);
        }
    }

    /** Everything in one process on the embedded platform, on free ports, with a realistic simulator. */
    public static RuntimeOptions embedded(RouteplaneConfig config, Path dataDir) {
        return new RuntimeOptions(
                config,
                dataDir,
                null,
                null,
                0,
                0,
                6,
                EnumSet.allOf(Service.class),
                0,
                FaultProfile.NONE,
                1.0,
                Clock.systemUTC(),
                42L,
                Map.of(),
                null,
                null);
    }

    public boolean embeddedPlatform() {
        return bootstrapServers == null;
    }

    public boolean runs(Service service) {
        return services.contains(service);
    }

    public RuntimeOptions withPorts(int kafka, int registry, int simulator) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafka,
                registry,
                partitions,
                services,
                simulator,
                faults,
                latencyScale,
                clock,
                seed,
                kafkaProperties,
                simulatorUrl,
                recordLock);
    }

    public RuntimeOptions withCluster(String bootstrap, String registry) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrap,
                registry,
                kafkaPort,
                registryPort,
                partitions,
                services,
                simulatorPort,
                faults,
                latencyScale,
                clock,
                seed,
                kafkaProperties,
                simulatorUrl,
                recordLock);
    }

    public RuntimeOptions withServices(Set<Service> which) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                partitions,
                which,
                simulatorPort,
                faults,
                latencyScale,
                clock,
                seed,
                kafkaProperties,
                simulatorUrl,
                recordLock);
    }

    public RuntimeOptions withFaults(FaultProfile profile) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                partitions,
                services,
                simulatorPort,
                profile,
                latencyScale,
                clock,
                seed,
                kafkaProperties,
                simulatorUrl,
                recordLock);
    }

    public RuntimeOptions withLatencyScale(double scale) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                partitions,
                services,
                simulatorPort,
                faults,
                scale,
                clock,
                seed,
                kafkaProperties,
                simulatorUrl,
                recordLock);
    }

    public RuntimeOptions withPartitions(int count) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                count,
                services,
                simulatorPort,
                faults,
                latencyScale,
                clock,
                seed,
                kafkaProperties,
                simulatorUrl,
                recordLock);
    }

    public RuntimeOptions withKafkaProperties(Map<String, String> properties) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                partitions,
                services,
                simulatorPort,
                faults,
                latencyScale,
                clock,
                seed,
                properties,
                simulatorUrl,
                recordLock);
    }

    public RuntimeOptions withSimulatorUrl(URI url) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                partitions,
                services,
                simulatorPort,
                faults,
                latencyScale,
                clock,
                seed,
                kafkaProperties,
                url,
                recordLock);
    }

    public RuntimeOptions withRecordLock(Duration lock) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                partitions,
                services,
                simulatorPort,
                faults,
                latencyScale,
                clock,
                seed,
                kafkaProperties,
                simulatorUrl,
                lock);
    }

    /** Kafka client properties: the pass-through ones, then the bootstrap servers of this runtime. */
    public Map<String, Object> clientProperties(String bootstrap) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    public RuntimeOptions withSeed(long newSeed) {
        return new RuntimeOptions(
                config,
                dataDir,
                bootstrapServers,
                registryUrl,
                kafkaPort,
                registryPort,
                partitions,
                services,
                simulatorPort,
                faults,
                latencyScale,
                clock,
                newSeed,
                kafkaProperties,
                simulatorUrl,
                recordLock);
    }
}
