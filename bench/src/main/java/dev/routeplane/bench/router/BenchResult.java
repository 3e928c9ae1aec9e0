package dev.routeplane.bench.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The router benchmark's figures.
 *
 * @param options         what was run
 * @param streamsSettings the Kafka Streams settings shared by identity and router (application.id aside)
 * @param warmup          the unmeasured warm-up runs (empty when {@code warmupRequests} is 0)
 * @param runs            the measured runs, in the order they ran
 */
public record BenchResult(RouterBenchOptions options, Map<String, String> streamsSettings, List<RunFigures> warmup,
    List<RunFigures> runs) {

  public BenchResult {
    streamsSettings = Collections.unmodifiableMap(new LinkedHashMap<>(streamsSettings));
    warmup = List.copyOf(warmup);
    runs = List.copyOf(runs);
  }

  /** Mean throughput of the measured router runs, req/s. */
  public long routerRequestsPerSecond() {
    return mean("router");
  }

  /** Mean throughput of the measured identity runs, req/s. */
  public long identityRequestsPerSecond() {
    return mean("identity");
  }

  /** Router throughput over identity throughput, both as means over the measured rounds. */
  public double ratio() {
    return (double) routerRequestsPerSecond() / identityRequestsPerSecond();
  }

  /** {@code router/identity throughput ratio: <r> (router <a> req/s, identity <b> req/s)}. */
  public String summaryLine() {
    return String.format(Locale.ROOT, "router/identity throughput ratio: %.2f (router %d req/s, identity %d req/s)",
        ratio(), routerRequestsPerSecond(), identityRequestsPerSecond());
  }

  private long mean(String topology) {
    return Math.round(runs.stream().filter(r -> r.topology().equals(topology))
        .mapToLong(RunFigures::requestsPerSecond).average().orElse(0));
  }
}
