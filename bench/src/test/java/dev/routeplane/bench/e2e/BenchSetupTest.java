package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedProvider;
import java.time.Instant;
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
}
