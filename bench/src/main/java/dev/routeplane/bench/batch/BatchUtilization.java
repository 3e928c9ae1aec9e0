package dev.routeplane.bench.batch;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.executors.ExecutorPool;
import dev.routeplane.executors.internal.ProfileRuntime;
import dev.routeplane.simulator.RateUsage;
import dev.routeplane.simulator.SimulatorServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * How much of its configured capacity each provider the batch used had in use while the batch had work waiting for
 * it. Sampled once a second per provider: the share of its request limit and of its token limit used over the
 * provider's rolling minute (as the provider counts them: requests admitted, prompt plus output cap in tokens), and
 * the share of its keys' in-flight limit in use at that moment. The binding limit is the largest of the three shares.
 *
 * <p>A provider's utilization is the mean of that binding share over the samples taken while its batch work had been
 * running for a full minute (so the window holds nothing but loaded time) and up to its last batch call; providers whose batch work lasted less than that have no such samples and are
 * left out. The batch's utilization U is the mean over providers, weighted by their calls. Capacity is that of the
 * keys that serve batch work (all of a provider's keys but those dedicated to other classes).
 */
final class BatchUtilization {
    private static final long WINDOW_MS = 60_000;

    private record Sample(long atMs, double share) {}

    private final SimulatorServer simulator;
    private final ExecutorPool executors;
    private final Map<String, Long> maxInFlight = new LinkedHashMap<>();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, String> latest = new LinkedHashMap<>();

    BatchUtilization(RouteplaneConfig config, SimulatorServer simulator, ExecutorPool executors) {
        this.simulator = simulator;
        this.executors = executors;
        for (Provider p : config.providers().values()) {
            long slots = p.keyProfiles().stream()
                    .filter(k -> k.serves(LatencyClass.BATCH))
                    .mapToLong(KeyProfile::maxInFlight)
                    .sum();
            maxInFlight.put(p.id(), slots);
            samples.put(p.id(), new ArrayList<>());
        }
    }

    /** Takes one sample of every provider. */
    void sample(long nowMs) {
        for (String provider : samples.keySet()) {
            RateUsage usage = simulator.usage(provider);
            long inFlight = executors.worker(provider).profiles().stream()
                    .filter(p -> p.serves(LatencyClass.BATCH))
                    .mapToLong(ProfileRuntime::inFlight)
                    .sum();
            double slots = maxInFlight.get(provider) == 0 ? 0 : inFlight / (double) maxInFlight.get(provider);
            double share = Math.max(Math.max(usage.requestShare(), usage.tokenShare()), slots);
            samples.get(provider).add(new Sample(nowMs, share));
            if (share > 0) {
                latest.put(
                        provider,
                        String.format(
                                Locale.ROOT,
                                "%s %.0f%% (rpm %.0f%%, tpm %.0f%%, in flight %d/%d, held %d; %s)",
                                provider,
                                share * 100,
                                usage.requestShare() * 100,
                                usage.tokenShare() * 100,
                                inFlight,
                                maxInFlight.get(provider),
                                executors.worker(provider).heldRecords(),
                                keys(provider)));
            } else {
                latest.remove(provider);
            }
        }
    }

    /** Per key: calls in flight and waiting for a slot. */
    private String keys(String provider) {
        return executors.worker(provider).profiles().stream()
                .map(p -> p.profileId() + " " + p.inFlight() + "+" + p.waitingForSlot())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The last sample of each provider in use, with its three shares, for a progress line. */
    String latest() {
        return String.join("; ", latest.values());
    }

    /**
     * U in percent, given each provider's first and last batch call and call count; also fills {@code perProvider}
     * with each measured provider's utilization.
     */
    double utilization(
            Map<String, long[]> batchCalls, ToLongFunction<String> callsOf, Map<String, Double> perProvider) {
        double weighted = 0;
        long weights = 0;
        for (Map.Entry<String, long[]> e : batchCalls.entrySet()) {
            long from = e.getValue()[0] + WINDOW_MS;
            long to = e.getValue()[1];
            double sum = 0;
            int n = 0;
            for (Sample s : samples.getOrDefault(e.getKey(), List.of())) {
                if (s.atMs() >= from && s.atMs() <= to) {
                    sum += s.share();
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            double u = sum / n;
            perProvider.put(e.getKey(), u * 100);
            long calls = callsOf.applyAsLong(e.getKey());
            weighted += u * calls;
            weights += calls;
        }
        return weights == 0 ? 0 : 100 * weighted / weights;
    }
}
