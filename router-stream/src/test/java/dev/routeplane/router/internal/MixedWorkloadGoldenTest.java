package dev.routeplane.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.classifier.Features;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.testing.GoldenFile;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.simulator.workload.MixedWorkload;
import dev.routeplane.simulator.workload.TenantShare;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * The router's outputs over the seeded mixed workload, request by request, against the golden file written by the
 * code before the hot-path speed-ups: the classifier's features (every field and trace line) and every record the
 * topology emits for the request (decision, task, rejection, refused result, with their keys and topics). A speed-up
 * must leave all of them identical.
 *
 * <p>Three slices: the demo's mix (all kinds, five tenants including {@code tightwad}, whose tiny budget turns
 * into rejections, 200 B to 2 KB of filler), the router benchmark's sizes (1 to 4 KB), and long prompts (8 to 48 KB).
 */
class MixedWorkloadGoldenTest {

    @Test
    void featuresAndEveryOutputRecordMatchTheGoldenFileRequestByRequest() {
        Clock clock = Clock.fixed(RouterDriver.NOW, ZoneOffset.UTC);
        List<RouteRequest> requests = new ArrayList<>();
        add(requests, MixedWorkload.demo(11L, clock, "demo"), 1_200);
        add(requests, new MixedWorkload(12L, clock, "bench", benchTenants(), 1_024, 4_096), 600);
        add(requests, new MixedWorkload(13L, clock, "long", benchTenants(), 8_192, 49_152), 60);

        List<String> lines = new ArrayList<>(requests.size());
        try (RouterDriver router = new RouterDriver(TestConfigs.bundled())) {
            for (RouteRequest request : requests) {
                Features f = RouterDriver.CLASSIFIER.classify(RoutingEngine.toClassifierInput(
                        request, router.config.tenants().get(request.getTenantId())));
                router.send(request);
                lines.add(line(request, f, router));
            }
        }

        assertThat(lines).hasSize(1_860);
        GoldenFile.check("mixed-workload-outputs.txt", lines);
    }

    /**
     * {@code <requestId> <kind> <outcome> features=<digest> outputs=<digest>}: the outcome (lane and route, the
     * reason code, or no output yet) in words so a difference reads at a glance, the digests for everything else.
     */
    private static String line(RouteRequest request, Features f, RouterDriver router) {
        StringBuilder outputs = new StringBuilder();
        String outcome = "no-output"; // a batch request waiting for budget (parked) writes nothing yet
        for (KeyValue<String, RoutingDecision> d : router.decisions()) {
            outcome = "decided " + d.value.getLane() + " " + d.value.getRoute().getProvider() + "/"
                    + d.value.getRoute().getModel();
            append(outputs, "decisions", d);
        }
        for (var r : router.rejections()) {
            outcome = "rejected " + r.value.getReasonCode();
            append(outputs, "rejected", r);
        }
        router.results().forEach(r -> append(outputs, "results", r));
        for (String provider : new TreeMap<>(router.config.providers()).keySet()) {
            router.tasks(provider).forEach(t -> append(outputs, "exec." + provider, t));
        }
        return request.getRequestId() + " " + request.getMetadata().get("workload.kind") + " " + outcome + " features="
                + GoldenFile.digest(f.toString()) + " outputs=" + GoldenFile.digest(outputs.toString());
    }

    private static void append(StringBuilder out, String topic, KeyValue<String, ? extends SpecificRecord> r) {
        out.append(topic).append('|').append(r.key).append('|').append(r.value).append('\n');
    }

    private static void add(List<RouteRequest> requests, MixedWorkload workload, int n) {
        for (int i = 0; i < n; i++) {
            requests.add(workload.next());
        }
    }

    /** The demo's tenants without tightwad, as the router benchmark takes them. */
    private static List<TenantShare> benchTenants() {
        return MixedWorkload.DEMO_TENANTS.stream()
                .filter(t -> !t.tenantId().equals("tightwad"))
                .toList();
    }
}
