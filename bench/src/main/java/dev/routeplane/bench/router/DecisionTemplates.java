package dev.routeplane.bench.router;

import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decisions the router wrote, kept as the io-shaped topology's templates. Per tenant and provider the router
 * routed that tenant to, one template: the decision whose encoded size is nearest the group's mean, weighted by
 * the group's share of the tenant's decisions. A request's template is picked by a hash of its id among its
 * tenant's, so the io-shaped run spreads tasks over the router's exec topics and partitions in the router's
 * proportions and writes decisions and tasks of the router's mean sizes, without routing anything.
 *
 * <p>Immutable once built; shared by all stream threads.
 */
final class DecisionTemplates {
    private static final int DECISION_FIELDS =
            RoutingDecision.getClassSchema().getFields().size();

    private final Map<String, Choice> byTenant;

    private DecisionTemplates(Map<String, Choice> byTenant) {
        this.byTenant = byTenant;
    }

    /** A tenant's templates and the cumulative counts they are picked by. */
    private record Choice(RoutingDecision[] templates, long[] upTo, int[] bytes) {
        RoutingDecision pick(String requestId) {
            // Fibonacci hashing: the high bits spread sequential ids (run-1, run-2, …) evenly, where String.hashCode
            // alone would step through the counts in order.
            long x = ((requestId.hashCode() * 0x9E3779B97F4A7C15L) >>> 32) % upTo[upTo.length - 1];
            int i = 0;
            while (x >= upTo[i]) {
                i++;
            }
            return templates[i];
        }
    }

    /** Reads the router's committed decisions from {@code decisionsTopic}. */
    static DecisionTemplates read(
            OutputCounter reader, String decisionsTopic, Deserializer<RoutingDecision> decisions) {
        Builder b = new Builder();
        reader.read(List.of(decisionsTopic), r -> b.add(decisions.deserialize(r.topic(), r.value()), r.value().length));
        return b.build();
    }

    /**
     * The request's decision: its tenant's template with the request's ids and {@code at} as the decision time.
     * It shares the template's nested records, which nothing modifies.
     *
     * @throws IllegalStateException if the router routed no request of the tenant
     */
    RoutingDecision decisionFor(RouteRequest request, Instant at) {
        Choice choice = byTenant.get(request.getTenantId());
        if (choice == null) {
            throw new IllegalStateException(
                    "no template for tenant " + request.getTenantId() + ": the router routed none of its requests");
        }
        RoutingDecision template = choice.pick(request.getRequestId());
        RoutingDecision d = new RoutingDecision();
        for (int i = 0; i < DECISION_FIELDS; i++) {
            d.put(i, template.get(i));
        }
        d.setRequestId(request.getRequestId());
        d.setTenantId(request.getTenantId());
        d.setBatchId(request.getBatchId());
        d.setDecidedAt(at);
        return d;
    }

    /** {@code tenant: provider share × template bytes, …; …}, for the benchmark's log. */
    @Override
    public String toString() {
        StringJoiner all = new StringJoiner("; ");
        byTenant.forEach((tenant, c) -> {
            StringJoiner one = new StringJoiner(", ", tenant + ": ", "");
            long total = c.upTo()[c.upTo().length - 1];
            long before = 0;
            for (int i = 0; i < c.templates().length; i++) {
                one.add(String.format(
                        Locale.ROOT,
                        "%s %.0f%% × %d B",
                        c.templates()[i].getRoute().getProvider(),
                        100.0 * (c.upTo()[i] - before) / total,
                        c.bytes()[i]));
                before = c.upTo()[i];
            }
            all.add(one.toString());
        });
        return all.toString();
    }

    /** Collects decisions with their encoded sizes; keeps one decision per distinct size of each group. */
    static final class Builder {
        private final Map<String, Map<String, Group>> groups = new TreeMap<>();

        private static final class Group {
            long count;
            long bytes;
            final TreeMap<Integer, RoutingDecision> bySize = new TreeMap<>();
        }

        /** @param encodedBytes the decision's size on the decisions topic (registry header included) */
        Builder add(RoutingDecision decision, int encodedBytes) {
            Group g = groups.computeIfAbsent(decision.getTenantId(), t -> new TreeMap<>())
                    .computeIfAbsent(decision.getRoute().getProvider(), p -> new Group());
            g.count++;
            g.bytes += encodedBytes;
            g.bySize.putIfAbsent(encodedBytes, decision);
            return this;
        }

        /** @throws IllegalStateException if no decision was added */
        DecisionTemplates build() {
            if (groups.isEmpty()) {
                throw new IllegalStateException("the router wrote no decisions to take templates from");
            }
            Map<String, Choice> byTenant = new LinkedHashMap<>();
            groups.forEach((tenant, providers) -> {
                List<RoutingDecision> templates = new ArrayList<>();
                long[] upTo = new long[providers.size()];
                int[] bytes = new int[providers.size()];
                long total = 0;
                for (Group g : providers.values()) {
                    int nearest = nearest(g.bySize, (double) g.bytes / g.count);
                    total += g.count;
                    upTo[templates.size()] = total;
                    bytes[templates.size()] = nearest;
                    templates.add(g.bySize.get(nearest));
                }
                byTenant.put(tenant, new Choice(templates.toArray(new RoutingDecision[0]), upTo, bytes));
            });
            return new DecisionTemplates(byTenant);
        }

        private static int nearest(TreeMap<Integer, RoutingDecision> bySize, double mean) {
            Integer below = bySize.floorKey((int) Math.floor(mean));
            Integer above = bySize.ceilingKey((int) Math.ceil(mean));
            if (below == null) {
                return above;
            }
            if (above == null) {
                return below;
            }
            return mean - below <= above - mean ? below : above;
        }
    }
}
