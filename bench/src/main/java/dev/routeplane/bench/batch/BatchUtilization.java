package dev.routeplane.bench.batch;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.executors.ExecutorPool;
import dev.routeplane.executors.ExecutorWorker;
import dev.routeplane.executors.KeyUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much of its configured limits each key the batch used had in use while the batch had work waiting for it. Limits
 * are configured per key profile, so each key is measured against its own: about once a second (a second after the previous sample ended), the share of its rpm and of
 * its tpm booked from its limiters over the rolling minute (requests, and prompt plus output cap in tokens: what a
 * provider counts) and the share of its {@code maxInFlight} in use at that moment. The binding limit is the largest
 * of the three shares.
 *
 * <p>A key is sampled only while its provider has batch tasks waiting in Kafka (the batch topic's share-group lag
 * beyond the records the executor holds) and has had them for the whole past minute, so that the rolling minute holds
 * nothing but loaded time: a key with nothing queued cannot be "run at its limit", and a provider that drained its
 * share early is not counted while it idles. A key's utilization is the mean of its samples; U is the mean over the
 * measured keys, weighted by the calls each key made while it was measured. Only keys that serve batch work count.
 */
final class BatchUtilization {
    private static final long WINDOW_MS = 60_000;

    /** One key's measured samples: sums of the binding share and of each limit's share. */
    private static final class KeyStats {
        final String provider;
        final String name;
        final KeyProfile limits;
        double binding;
        double rpm;
        double tpm;
        double slots;
        int samples;
        long measuredMs;
        long calls;
        long lastBooked;

        KeyStats(String provider, KeyUsage key) {
            this.provider = provider;
            this.name = key.name();
            this.limits = key.limits();
            this.lastBooked = key.bookedRequests();
        }
    }

    private final ExecutorPool executors;
    private final Map<String, KeyStats> keys = new LinkedHashMap<>();
    private final Map<String, Long> waitingSince = new HashMap<>();
    private final List<String> latest = new ArrayList<>();
    private long lastSampleMs = -1;

    BatchUtilization(List<String> providers, ExecutorPool executors, long nowMs) {
        this.executors = executors;
        for (String provider : providers) {
            for (KeyUsage key : executors.worker(provider).keys(nowMs)) {
                if (key.serves(LatencyClass.BATCH)) {
                    keys.put(key.name(), new KeyStats(provider, key));
                }
            }
        }
    }

    /** Takes one sample of every key, given each provider's batch-topic lag. */
    void sample(long nowMs, Map<String, Long> batchLags) {
        Map<String, Boolean> loaded = new HashMap<>();
        for (String provider : batchLags.keySet()) {
            ExecutorWorker worker = executors.worker(provider);
            boolean waiting = batchLags.get(provider) > worker.heldRecords();
            if (waiting) {
                waitingSince.putIfAbsent(provider, nowMs);
            } else {
                waitingSince.remove(provider);
            }
            loaded.put(provider, waiting && nowMs - waitingSince.get(provider) >= WINDOW_MS);
        }
        Map<String, KeyUsage> now = new HashMap<>();
        keys.values().stream()
                .map(s -> s.provider)
                .distinct()
                .forEach(p -> executors.worker(p).keys(nowMs).forEach(k -> now.put(k.name(), k)));
        latest.clear();
        long sinceLast = lastSampleMs < 0 ? 0 : nowMs - lastSampleMs;
        lastSampleMs = nowMs;
        for (KeyStats s : keys.values()) {
            KeyUsage key = now.get(s.name);
            KeyProfile limits = s.limits;
            double rpm = key.requestsLastMinute() / (double) limits.rpm();
            double tpm = key.tokensLastMinute() / (double) limits.tpm();
            int inFlight = key.inFlight();
            double slots = inFlight / (double) limits.maxInFlight();
            double binding = Math.max(rpm, Math.max(tpm, slots));
            long booked = key.bookedRequests();
            boolean measured = loaded.getOrDefault(s.provider, false);
            if (measured) {
                s.binding += binding;
                s.rpm += rpm;
                s.tpm += tpm;
                s.slots += slots;
                s.samples++;
                s.measuredMs += sinceLast;
                s.calls += booked - s.lastBooked;
            }
            s.lastBooked = booked;
            if (binding > 0) {
                latest.add(String.format(
                        Locale.ROOT,
                        "%s %.0f%% (rpm %.0f%%, tpm %.0f%%, in flight %d/%d, waiting for a slot %d%s)",
                        s.name,
                        binding * 100,
                        rpm * 100,
                        tpm * 100,
                        inFlight,
                        limits.maxInFlight(),
                        key.waitingForSlot(),
                        measured ? "; measured" : ""));
            }
        }
    }

    /** The last sample of each key in use, with its three shares, for a progress line. */
    String latest() {
        return String.join("; ", latest);
    }

    /** One line per key that serves batch work: its utilization and the mean share of each limit, or why not. */
    List<String> perKey() {
        List<String> lines = new ArrayList<>();
        for (KeyStats s : keys.values()) {
            if (s.samples == 0) {
                lines.add(String.format(
                        Locale.ROOT, "%-24s not measured (never a full minute with batch work waiting)", s.name));
                continue;
            }
            lines.add(String.format(
                    Locale.ROOT,
                    "%-24s utilization %5.1f%% in %d samples over %.0f s with batch work waiting, %d calls (mean rpm"
                            + " %.1f%%, tpm %.1f%%, in flight %.1f%% of %d)",
                    s.name,
                    100 * s.binding / s.samples,
                    s.samples,
                    s.measuredMs / 1000.0,
                    s.calls,
                    100 * s.rpm / s.samples,
                    100 * s.tpm / s.samples,
                    100 * s.slots / s.samples,
                    s.limits.maxInFlight()));
        }
        return lines;
    }

    /** U in percent: the mean of the measured keys' utilization, weighted by their calls while measured. */
    double utilization() {
        return utilization(null);
    }

    /**
     * As {@link #utilization()} over one provider's keys ({@code null}: all keys); NaN when none of them was
     * measured.
     */
    double utilization(String provider) {
        double weighted = 0;
        long weights = 0;
        for (KeyStats s : keys.values()) {
            if (s.samples == 0 || s.calls == 0 || (provider != null && !provider.equals(s.provider))) {
                continue;
            }
            weighted += s.binding / s.samples * s.calls;
            weights += s.calls;
        }
        return weights == 0 ? Double.NaN : 100 * weighted / weights;
    }
}
