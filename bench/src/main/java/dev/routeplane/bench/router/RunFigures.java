package dev.routeplane.bench.router;

import java.util.Map;

/**
 * One timed run of one topology over one copy of the input.
 *
 * @param topology        {@code identity} or {@code router}
 * @param round           0 for the warm-up, then 1, 2, …
 * @param requests        input records
 * @param seconds         from the first record processed to all input offsets committed (output visible)
 * @param startupMillis   from {@code start()} to the first record processed (not in {@code seconds})
 * @param firstCommitMillis from the first record processed to the first committed offsets seen
 * @param streamThreadCpuMicros CPU of the application's stream thread per request, over the timed window
 * @param processCpuMicros CPU of the whole process (broker and registry included) per request, same window
 * @param outputs         what a read_committed consumer found afterwards, by kind (router: DECIDED and
 *                        reason codes; identity: OUTPUT)
 */
public record RunFigures(String topology, int round, int requests, double seconds, long startupMillis,
    long firstCommitMillis, double streamThreadCpuMicros, double processCpuMicros, Map<String, Long> outputs) {

  public RunFigures {
    outputs = Map.copyOf(outputs);
  }

  public long requestsPerSecond() {
    return Math.round(requests / seconds);
  }

  /** Outputs counted, over all kinds: must equal {@link #requests} (exactly one output per input). */
  public long outputTotal() {
    return outputs.values().stream().mapToLong(Long::longValue).sum();
  }
}
