package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.schemas.Partitions;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.workload.TenantShare;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSetupTest {

    @Test
    void theBenchConfigKeepsTheBundledProvidersModelsAndTenantsWithEveryKeyLimitRaised() {
        RouteplaneConfig bundled = RouteplaneConfig.defaults();
        RouteplaneConfig bench = BenchSetup.config();

        assertThat(bench.providers().keySet()).isEqualTo(bundled.providers().keySet());
        assertThat(bench.models().keySet()).isEqualTo(bundled.models().keySet());
        assertThat(bench.tenants().keySet()).isEqualTo(bundled.tenants().keySet());
        assertThat(bench.providers().values())
                .flatExtracting(p -> p.keyProfiles())
                .isNotEmpty()
                .allSatisfy((KeyProfile k) -> {
                    assertThat(k.rpm()).isEqualTo(BenchSetup.RPM);
                    assertThat(k.tpm()).isEqualTo(BenchSetup.TPM);
                    assertThat(k.maxInFlight()).isEqualTo(BenchSetup.MAX_IN_FLIGHT);
                });
    }

    @Test
    void theBenchSimulatorAnswersEveryProviderAtOnce() {
        RouteplaneConfig bench = BenchSetup.config();

        assertThat(BenchSetup.simulator(bench, Instant.now(), 7).providers())
                .hasSize(bench.providers().size())
                .extracting(SimulatedProvider::latency)
                .containsOnly(LatencyProfile.fixed(0));
    }

    @Test
    void theFourDemoTenantsShareOnePartitionAndTheirCopiesSpreadOverTheRest() {
        int partitions = 6;

        assertThat(E2eBenchmark.TENANTS)
                .extracting(t -> Partitions.ofKey(t.tenantId(), partitions))
                .containsOnly(0);
        assertThat(BenchSetup.tenantCopies(E2eBenchmark.TENANTS, 4))
                .extracting(t -> Partitions.ofKey(t.tenantId(), partitions))
                .containsAll(List.of(0, 1, 2, 3, 4, 5));
    }

    @Test
    void aCopyHasItsTenantsPolicyAndBudgetNoApiKeysAndAnEvenShareOfItsWeight() {
        RouteplaneConfig bench = BenchSetup.withTenantCopies(BenchSetup.config(), E2eBenchmark.TENANTS, 3);
        Tenant umbrella = bench.tenants().get("umbrella");
        Tenant copy = bench.tenants().get("umbrella-3");

        assertThat(bench.tenants())
                .hasSize(RouteplaneConfig.defaults().tenants().size() + 4 * 2);
        assertThat(copy.budget()).isEqualTo(umbrella.budget());
        assertThat(copy.toolsRequiringApproval()).isEqualTo(umbrella.toolsRequiringApproval());
        assertThat(copy.qualityTier()).isEqualTo(umbrella.qualityTier());
        assertThat(copy.apiKeys()).isEmpty();
        List<TenantShare> shares = BenchSetup.tenantCopies(E2eBenchmark.TENANTS, 3);
        assertThat(shares).hasSize(12);
        assertThat(shares.stream().mapToDouble(TenantShare::weight).sum())
                .isCloseTo(
                        E2eBenchmark.TENANTS.stream()
                                .mapToDouble(TenantShare::weight)
                                .sum(),
                        within(1e-9));
        assertThat(BenchSetup.withTenantCopies(BenchSetup.config(), E2eBenchmark.TENANTS, 1)
                        .tenants()
                        .keySet())
                .isEqualTo(RouteplaneConfig.defaults().tenants().keySet());
    }
}
