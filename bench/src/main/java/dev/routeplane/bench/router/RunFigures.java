package dev.routeplane.bench.router;

import java.util.Map;
import java.util.function.Predicate;

/**
 * One timed run of one topology over one copy of the input.
 *
 * @param topology        {@link #IDENTITY}, {@link #ROUTER} or {@link #IO_SHAPED}
 * @param round           0 for the warm-up, then 1, 2, …
 * @param requests        input records
 * @param seconds         from the first record processed to all input offsets committed (output visible)
 * @param startupMillis   from {@code start()} to the first record processed (not in {@code seconds})
 * @param firstCommitMillis from the first record processed to the first committed offsets seen
 * @param streamThreadCpuMicros CPU of the application's stream thread per request, over the timed window
 * @param processCpuMicros CPU of the whole process (broker and registry included) per request, same window
 * @param outputs         what a read_committed consumer found afterwards, by kind (router and io-shaped: DECIDED
 *                        and reason codes; identity: OUTPUT)
 * @param written         what the run wrote, by output topic without the round's prefix ({@code decisions.v1},
 *                        {@code exec.openai.v1}, …), as a read_committed consumer found it
 */
public record RunFigures(
        String topology,
        int round,
        int requests,
        double seconds,
        long startupMillis,
        long firstCommitMillis,
        double streamThreadCpuMicros,
        double processCpuMicros,
        Map<String, Long> outputs,
        Map<String, Volume> written) {

    /** The baseline: decode each request and write it back. */
    public static final String IDENTITY = "identity";
    /** The production router topology. */
    public static final String ROUTER = "router";
    /** The router's Kafka I/O and state-store traffic without its computation. */
    public static final String IO_SHAPED = "io-shaped";

    public RunFigures {
        outputs = Map.copyOf(outputs);
        written = Map.copyOf(written);
    }

    /**
     * Records and value bytes written to one topic (or summed over several).
     *
     * @param records records a read_committed consumer read
     * @param bytes   their value bytes (registry header and Avro body; keys not counted)
     */
    public record Volume(long records, long bytes) {
        static final Volume NONE = new Volume(0, 0);

        /** Mean value bytes per record; 0 for none. */
        public long meanBytes() {
            return records == 0 ? 0 : Math.round((double) bytes / records);
        }

        Volume plus(Volume other) {
            return new Volume(records + other.records, bytes + other.bytes);
        }
    }

    public long requestsPerSecond() {
        return Math.round(requests / seconds);
    }

    /** Outputs counted, over all kinds: must equal {@link #requests} (exactly one output per input). */
    public long outputTotal() {
        return outputs.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What was written to the topics {@code topic} accepts, summed. */
    public Volume writtenTo(Predicate<String> topic) {
        return written.entrySet().stream()
                .filter(e -> topic.test(e.getKey()))
                .map(Map.Entry::getValue)
                .reduce(Volume.NONE, Volume::plus);
    }
}
