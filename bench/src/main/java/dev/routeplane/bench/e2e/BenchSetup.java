package dev.routeplane.bench.e2e;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.runtime.SimulatorSetup;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.workload.TenantShare;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The benchmark's configuration and simulator: the bundled {@code routeplane.yaml} (same providers, models, lanes and
 * tenants) with every key profile's limits raised far above any load the machine can offer, and a simulator derived
 * from it that answers every call at once (0 ms) without faults. What is left to measure is the pipeline itself.
 */
final class BenchSetup {
    /** Requests per minute of every key profile: 10^6/min, about 16,700 req/s per key. */
    static final int RPM = 1_000_000;
    /** Tokens per minute of every key profile. */
    static final long TPM = 100_000_000_000L;
    /** Concurrent calls of every key profile. */
    static final int MAX_IN_FLIGHT = 4_000;

    private static final Pattern RPM_LINE = Pattern.compile("(?m)^(\\s+rpm:\\s*)\\d+");
    private static final Pattern TPM_LINE = Pattern.compile("(?m)^(\\s+tpm:\\s*)\\d+");
    private static final Pattern IN_FLIGHT_LINE = Pattern.compile("(?m)^(\\s+maxInFlight:\\s*)\\d+");

    private BenchSetup() {}

    /** The bundled configuration with the raised limits. */
    static RouteplaneConfig config() {
        return RouteplaneConfig.parse(
                raiseLimits(bundledYaml()), "bundled routeplane.yaml, limits raised for bench e2e");
    }

    /**
     * {@code config} with each tenant of {@code shares} also as {@code <id>-2} to {@code <id>-<copies>}: the same
     * policy, budget and quality tier, no API keys of its own. The demo's four tenants all hash to partition 0 of 6, so
     * their tenant-keyed work (requests, results, cost events) sits on one partition and a second router or ledger
     * instance would get none of it; copies spread it over the partitions.
     */
    static RouteplaneConfig withTenantCopies(RouteplaneConfig config, List<TenantShare> shares, int copies) {
        Map<String, Tenant> tenants = new LinkedHashMap<>(config.tenants());
        for (TenantShare share : shares) {
            Tenant t = config.tenants().get(share.tenantId());
            if (t == null) {
                throw new IllegalArgumentException("the workload's tenant " + share.tenantId() + " is not configured");
            }
            for (int k = 2; k <= copies; k++) {
                String id = t.id() + "-" + k;
                tenants.put(
                        id,
                        new Tenant(
                                id,
                                t.displayName() + " (copy " + k + ")",
                                t.budget(),
                                t.allowedProviders(),
                                t.allowedRegions(),
                                t.dataClassRules(),
                                t.defaultTags(),
                                t.toolsAllowed(),
                                t.toolsRequiringApproval(),
                                t.qualityTier(),
                                List.of(),
                                t.providerKeys(),
                                t.providerBatch()));
            }
        }
        return new RouteplaneConfig(
                config.router(), config.providers(), config.models(), config.aliases(), config.lanes(), tenants);
    }

    /** {@code shares} with each tenant's weight split evenly over it and its copies ({@link #withTenantCopies}). */
    static List<TenantShare> tenantCopies(List<TenantShare> shares, int copies) {
        List<TenantShare> all = new ArrayList<>();
        for (TenantShare share : shares) {
            all.add(new TenantShare(share.tenantId(), share.weight() / copies));
            for (int k = 2; k <= copies; k++) {
                all.add(new TenantShare(share.tenantId() + "-" + k, share.weight() / copies));
            }
        }
        return List.copyOf(all);
    }

    /** {@code yaml} with every key profile's {@code rpm}, {@code tpm} and {@code maxInFlight} raised. */
    static String raiseLimits(String yaml) {
        String raised = RPM_LINE.matcher(yaml).replaceAll("$1" + RPM);
        raised = TPM_LINE.matcher(raised).replaceAll("$1" + TPM);
        return IN_FLIGHT_LINE.matcher(raised).replaceAll("$1" + MAX_IN_FLIGHT);
    }

    /** The simulator of {@code config} with every provider answering at 0 ms, no faults, keeping totals only. */
    static SimulatorConfig simulator(RouteplaneConfig config, Instant at, long seed) {
        SimulatorConfig derived = SimulatorSetup.fromConfig(config, at, 0, seed, FaultProfile.NONE, 1.0, 3_000);
        List<SimulatedProvider> providers = new ArrayList<>();
        for (SimulatedProvider p : derived.providers()) {
            providers.add(p.withLatency(LatencyProfile.fixed(0)));
        }
        return new SimulatorConfig(
                derived.bindAddress(),
                derived.port(),
                derived.seed(),
                providers,
                derived.replayDataDir(),
                derived.handlerThreads(),
                // A run serves hundreds of thousands of calls and reads only the totals: a line per call would
                // grow the co-located heap, and its collector's pauses, with every call.
                false);
    }

    private static String bundledYaml() {
        try (InputStream in = RouteplaneConfig.class.getResourceAsStream(RouteplaneConfig.BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + RouteplaneConfig.BUNDLED_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
