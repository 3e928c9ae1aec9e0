package dev.routeplane.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cli.chaos.ChaosPlan.Event;
import dev.routeplane.cli.chaos.ChaosPlan.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {
    private static final List<String> SERVICES = List.of("router-1", "router-2", "executors-1", "ledger");

    @Test
    void theSameSeedDrawsTheSameScheduleAndAnotherSeedAnother() {
        ChaosPlan a = ChaosPlan.draw(7, 120_000, SERVICES, 2, 200, "anthropic");
        ChaosPlan b = ChaosPlan.draw(7, 120_000, SERVICES, 2, 200, "anthropic");
        ChaosPlan c = ChaosPlan.draw(8, 120_000, SERVICES, 2, 200, "anthropic");

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void killsEveryServiceOncePlusTheExtrasRestartsTheBrokerOnceAndWritesEveryBadRecord() {
        ChaosPlan plan = ChaosPlan.draw(3, 100_000, SERVICES, 2, 203, "anthropic");

        assertThat(plan.kills()).isEqualTo(6);
        assertThat(plan.events().stream().filter(e -> e.kind() == Kind.KILL).map(Event::target))
                .containsAll(SERVICES);
        assertThat(plan.events().stream().filter(e -> e.kind() == Kind.BROKER_RESTART))
                .hasSize(1);
        assertThat(plan.events().stream()
                        .filter(e -> e.kind() == Kind.REGISTRY_OUTAGE)
                        .map(Event::durationMs))
                .containsExactly(10_000L);
        assertThat(plan.events().stream()
                        .filter(e -> e.kind() == Kind.BAD_RECORDS)
                        .mapToInt(Event::count)
                        .sum())
                .isEqualTo(203);
        assertThat(plan.events()).allSatisfy(e -> assertThat(e.atMs()).isBetween(10_000L, 90_000L));
        assertThat(plan.events()).isSortedAccordingTo(java.util.Comparator.comparingLong(Event::atMs));
    }
}
