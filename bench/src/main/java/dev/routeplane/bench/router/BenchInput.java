package dev.routeplane.bench.router;

import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.simulator.workload.MixedWorkload;
import dev.routeplane.simulator.workload.TenantShare;
import dev.routeplane.simulator.workload.WorkloadKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The benchmark's requests, serialized once with the registry serializer so every run reads identical bytes.
 *
 * <p>The mix: the example config's tenants without {@code tightwad} (its $0.05 daily budget would turn most of
 * its traffic into BUDGET_EXCEEDED rejections, which cost the router almost nothing and would flatter it), and
 * the {@link MixedWorkload} kinds whose prompt can be sized: code, summarization, extraction, translation and
 * confidential. Classification (capped at 600 B by the generator) and interactive chat (a one-line question)
 * are left out so every prompt is in the requested range. Each kind has its own generator whose filler bounds
 * are scaled by the share of the prompt the kind fills with prose, so the whole prompt lands in range.
 *
 * @param keys       record keys (tenant ids), in produce order
 * @param values     serialized {@link RouteRequest}s, in produce order
 * @param promptBytes per request: UTF-8 bytes of all message contents
 * @param mix        {@code tenant/KIND -> count}
 */
record BenchInput(List<String> keys, List<byte[]> values, int[] promptBytes, Map<String, Integer> mix) {

    static final List<TenantShare> TENANTS = List.of(
            new TenantShare("acme", 0.40),
            new TenantShare("globex-eu", 0.20),
            new TenantShare("initech", 0.15),
            new TenantShare("umbrella", 0.15));

    /** Kinds with their weight in the mix (MixedWorkload's weights) and the share of the prompt that is filler. */
    private static final Map<WorkloadKind, double[]> KINDS = new EnumMap<>(Map.of(
            WorkloadKind.CODE, new double[] {0.18, 2},
            WorkloadKind.SUMMARIZATION, new double[] {0.20, 1},
            WorkloadKind.EXTRACTION, new double[] {0.14, 3},
            WorkloadKind.TRANSLATION, new double[] {0.10, 2},
            WorkloadKind.CONFIDENTIAL, new double[] {0.10, 3}));

    static BenchInput generate(
            int n,
            int minPromptBytes,
            int maxPromptBytes,
            long seed,
            String runId,
            Clock clock,
            Function<RouteRequest, byte[]> serializer) {
        Map<WorkloadKind, MixedWorkload> generators = new EnumMap<>(WorkloadKind.class);
        for (Map.Entry<WorkloadKind, double[]> k : KINDS.entrySet()) {
            int scale = (int) k.getValue()[1];
            generators.put(
                    k.getKey(),
                    new MixedWorkload(
                            seed * 31 + k.getKey().ordinal(),
                            clock,
                            runId + "-" + k.getKey().name().toLowerCase(Locale.ROOT),
                            TENANTS,
                            minPromptBytes * scale,
                            maxPromptBytes * scale));
        }
        WorkloadKind[] kinds = KINDS.keySet().toArray(new WorkloadKind[0]);
        double kindTotal = KINDS.values().stream().mapToDouble(w -> w[0]).sum();
        double tenantTotal = TENANTS.stream().mapToDouble(TenantShare::weight).sum();
        SplittableRandom pick = new SplittableRandom(seed);
        List<String> keys = new ArrayList<>(n);
        List<byte[]> values = new ArrayList<>(n);
        int[] promptBytes = new int[n];
        Map<String, Integer> mix = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            WorkloadKind kind = kinds[kinds.length - 1];
            double x = pick.nextDouble() * kindTotal;
            for (WorkloadKind k : kinds) {
                x -= KINDS.get(k)[0];
                if (x < 0) {
                    kind = k;
                    break;
                }
            }
            String tenant = TENANTS.get(TENANTS.size() - 1).tenantId();
            double y = pick.nextDouble() * tenantTotal;
            for (TenantShare t : TENANTS) {
                y -= t.weight();
                if (y < 0) {
                    tenant = t.tenantId();
                    break;
                }
            }
            RouteRequest request = generators.get(kind).next(tenant, kind);
            int bytes = 0;
            for (ChatMessage m : request.getMessages()) {
                bytes += m.getContent().getBytes(StandardCharsets.UTF_8).length;
            }
            promptBytes[i] = bytes;
            keys.add(tenant);
            values.add(serializer.apply(request));
            mix.merge(tenant + "/" + kind, 1, Integer::sum);
        }
        return new BenchInput(List.copyOf(keys), values, promptBytes, mix);
    }

    int size() {
        return keys.size();
    }

    long totalValueBytes() {
        long total = 0;
        for (byte[] v : values) {
            total += v.length;
        }
        return total;
    }

    /** {@code min / mean / max} of the prompt sizes. */
    String promptSummary() {
        long sum = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int b : promptBytes) {
            sum += b;
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        return "prompt bytes min " + min + ", mean " + sum / Math.max(1, promptBytes.length) + ", max " + max;
    }
}
