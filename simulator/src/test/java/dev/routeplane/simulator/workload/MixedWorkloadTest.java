package dev.routeplane.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.RouteRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixedWorkloadTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void theSameSeedGivesTheSameRequests() {
        MixedWorkload a = MixedWorkload.demo(42, CLOCK, "run");
        MixedWorkload b = MixedWorkload.demo(42, CLOCK, "run");
        for (int i = 0; i < 200; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void everyKindAndEveryTenantAppearsRoughlyInProportion() {
        MixedWorkload workload = MixedWorkload.demo(7, CLOCK, "mix");
        Map<WorkloadKind, Integer> kinds = new EnumMap<>(WorkloadKind.class);
        Map<String, Integer> tenants = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            RouteRequest request = workload.next();
            kinds.merge(WorkloadKind.valueOf(request.getMetadata().get("workload.kind")), 1, Integer::sum);
            tenants.merge(request.getTenantId(), 1, Integer::sum);
            assertThat(request.getRequestId()).isEqualTo("mix-" + (i + 1));
        }
        assertThat(kinds).containsOnlyKeys(WorkloadKind.values());
        assertThat(tenants.get("acme")).isBetween(3_700, 4_300);
        assertThat(tenants.get("tightwad")).isBetween(800, 1_200);
    }

    @Test
    void promptSizesStayWithinTheRequestedBand() {
        MixedWorkload workload = new MixedWorkload(3, CLOCK, "size", List.of(new TenantShare("acme", 1)), 1_024, 4_096);
        for (int i = 0; i < 500; i++) {
            RouteRequest request = workload.next("acme", WorkloadKind.SUMMARIZATION);
            int bytes = request.getMessages().stream()
                    .mapToInt(m -> m.getContent().getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            assertThat(bytes).isBetween(1_024, 4_096 + 400);
        }
    }
}
