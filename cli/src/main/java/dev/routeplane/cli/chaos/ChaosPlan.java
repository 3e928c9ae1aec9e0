package dev.routeplane.cli.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one chaos run, drawn from its seed before it starts so the same seed replays the same schedule: every
 * killable service is killed with SIGKILL once at a random moment (plus a few extra kills of random services), the
 * broker is restarted once, the registry is unreachable for a while, bad records arrive in bursts and one provider has
 * an outage. Times are offsets from the start of the submission window.
 *
 * @param events every fault, in time order
 */
record ChaosPlan(List<Event> events) {

    /** What happens to whom, when. */
    enum Kind {
        /** SIGKILL the target, restart it after {@code durationMs}. */
        KILL,
        /** SIGKILL the broker and registry process, restart it on the same data and ports after {@code durationMs}. */
        BROKER_RESTART,
        /** Cut the registry proxy for {@code durationMs}. */
        REGISTRY_OUTAGE,
        /** Write {@code count} malformed, oversized and unknown-tenant records to the requests topic. */
        BAD_RECORDS,
        /** The target provider answers every call with 503 for {@code durationMs}. */
        PROVIDER_OUTAGE
    }

    /**
     * @param atMs       when, from the start of submission
     * @param kind       what
     * @param target     the service or provider, or empty
     * @param durationMs how long it lasts (down time, outage)
     * @param count      records, for BAD_RECORDS
     */
    record Event(long atMs, Kind kind, String target, long durationMs, int count) {
        String describe() {
            return switch (kind) {
                case KILL -> "SIGKILL " + target + ", restart after " + durationMs + " ms";
                case BROKER_RESTART -> "SIGKILL the broker and registry, restart after " + durationMs + " ms";
                case REGISTRY_OUTAGE -> "registry unreachable for " + durationMs + " ms";
                case BAD_RECORDS -> count + " malformed, oversized and unknown-tenant records";
                case PROVIDER_OUTAGE -> "provider " + target + " down (503) for " + durationMs + " ms";
            };
        }
    }

    /**
     * Draws a plan.
     *
     * @param windowMs    how long requests are submitted; faults fall within its 10-90%
     * @param killable    services that may be killed; each is killed once, then {@code extraKills} more at random
     * @param badRecords  bad records in total, in four bursts
     * @param outageOf    the provider that has an outage
     */
    static ChaosPlan draw(
            long seed, long windowMs, List<String> killable, int extraKills, int badRecords, String outageOf) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        List<String> targets = new ArrayList<>(killable);
        for (int i = 0; i < extraKills; i++) {
            targets.add(killable.get(random.nextInt(killable.size())));
        }
        for (String target : targets) {
            events.add(new Event(
                    between(random, windowMs, 0.1, 0.9), Kind.KILL, target, 1_000 + random.nextInt(4_000), 0));
        }
        events.add(new Event(between(random, windowMs, 0.3, 0.7), Kind.BROKER_RESTART, "", 2_000, 0));
        events.add(new Event(between(random, windowMs, 0.15, 0.85), Kind.REGISTRY_OUTAGE, "", 10_000, 0));
        int left = badRecords;
        for (int burst = 4; burst > 0; burst--) {
            int count = left / burst;
            left -= count;
            events.add(new Event(between(random, windowMs, 0.1, 0.9), Kind.BAD_RECORDS, "", 0, count));
        }
        events.add(new Event(between(random, windowMs, 0.2, 0.6), Kind.PROVIDER_OUTAGE, outageOf, windowMs / 4, 0));
        events.sort(Comparator.comparingLong(Event::atMs));
        return new ChaosPlan(List.copyOf(events));
    }

    long kills() {
        return events.stream().filter(e -> e.kind() == Kind.KILL).count();
    }

    private static long between(SplittableRandom random, long windowMs, double from, double to) {
        return (long) (windowMs * (from + random.nextDouble() * (to - from)));
    }
}
