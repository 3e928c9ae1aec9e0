package dev.routeplane.runtime;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
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
    long seed) {

  /** A service the runtime can run. */
  public enum Service { ROUTER, EXECUTORS, LEDGER, SIMULATOR }

  public RuntimeOptions {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(clock, "clock");
    services = Set.copyOf(services);
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
    return new RuntimeOptions(config, dataDir, null, null, 0, 0, 6, EnumSet.allOf(Service.class), 0,
        FaultProfile.NONE, 1.0, Clock.systemUTC(), 42L);
  }

  public boolean embeddedPlatform() {
    return bootstrapServers == null;
  }

  public boolean runs(Service service) {
    return services.contains(service);
  }

  public RuntimeOptions withPorts(int kafka, int registry, int simulator) {
    return new RuntimeOptions(config, dataDir, bootstrapServers, registryUrl, kafka, registry, partitions, services,
        simulator, faults, latencyScale, clock, seed);
  }

  public RuntimeOptions withCluster(String bootstrap, String registry) {
    return new RuntimeOptions(config, dataDir, bootstrap, registry, kafkaPort, registryPort, partitions, services,
        simulatorPort, faults, latencyScale, clock, seed);
  }

  public RuntimeOptions withServices(Set<Service> which) {
    return new RuntimeOptions(config, dataDir, bootstrapServers, registryUrl, kafkaPort, registryPort, partitions,
        which, simulatorPort, faults, latencyScale, clock, seed);
  }

  public RuntimeOptions withFaults(FaultProfile profile) {
    return new RuntimeOptions(config, dataDir, bootstrapServers, registryUrl, kafkaPort, registryPort, partitions,
        services, simulatorPort, profile, latencyScale, clock, seed);
  }

  public RuntimeOptions withLatencyScale(double scale) {
    return new RuntimeOptions(config, dataDir, bootstrapServers, registryUrl, kafkaPort, registryPort, partitions,
        services, simulatorPort, faults, scale, clock, seed);
  }

  public RuntimeOptions withPartitions(int count) {
    return new RuntimeOptions(config, dataDir, bootstrapServers, registryUrl, kafkaPort, registryPort, count,
        services, simulatorPort, faults, latencyScale, clock, seed);
  }

  public RuntimeOptions withSeed(long newSeed) {
    return new RuntimeOptions(config, dataDir, bootstrapServers, registryUrl, kafkaPort, registryPort, partitions,
        services, simulatorPort, faults, latencyScale, clock, newSeed);
  }
}
