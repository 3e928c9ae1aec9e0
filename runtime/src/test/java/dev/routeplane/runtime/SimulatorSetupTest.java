package dev.routeplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatorSetupTest {

    private final SimulatorConfig sim = SimulatorSetup.fromConfig(
            RouteplaneConfig.defaults(),
            Instant.parse("2025-06-01T00:00:00Z"),
            0,
            42,
            SimulatorSetup.FaultProfile.NONE,
            1.0,
            1_000);

    @Test
    void simulatesTheBatchApiOfExactlyTheProvidersConfiguredWithOne() {
        assertThat(sim.providers())
                .filteredOn(p -> p.batchApi().enabled())
                .extracting(SimulatedProvider::id)
                .containsExactlyInAnyOrder("openai", "anthropic");
        assertThat(sim.provider("anthropic").orElseThrow().batchApi().maxRequests())
                .isEqualTo(100_000);
    }

    @Test
    void billsBatchLinesAtThePriceBooksBatchPrices() {
        assertThat(sim.provider("openai").orElseThrow().model("gpt-4o-mini-2024-07-18"))
                .hasValueSatisfying(m -> {
                    assertThat(m.batchInputPriceMicrosPerMillion()).isEqualTo(75_000);
                    assertThat(m.batchOutputPriceMicrosPerMillion()).isEqualTo(300_000);
                });
    }
}
