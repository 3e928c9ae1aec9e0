package dev.routeplane.bench.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchResultTest {

    @Test
    void routerToIoShapedLineIsTheRatioOfTheMeanThroughputsOverTheRounds() {
        // router: 10,000 requests in 2.0 s and 2.5 s (5,000 and 4,000 req/s); io-shaped: in 1.0 s and 0.8 s
        // (10,000 and 12,500 req/s); means 4,500 and 11,250 req/s
        BenchResult result = new BenchResult(
                RouterBenchOptions.defaults(),
                Map.of(),
                List.of(),
                List.of(
                        run(RunFigures.IDENTITY, 1, 0.5),
                        run(RunFigures.ROUTER, 1, 2.0),
                        run(RunFigures.IO_SHAPED, 1, 1.0),
                        run(RunFigures.IO_SHAPED, 2, 0.8),
                        run(RunFigures.ROUTER, 2, 2.5),
                        run(RunFigures.IDENTITY, 2, 0.5)));

        assertThat(result.routerToIoShapedRatio()).isEqualTo(0.4);
        assertThat(result.routerToIoShapedLine())
                .isEqualTo("router/io-shaped throughput ratio: 0.40 (router 4500 req/s, io-shaped 11250 req/s)");
        assertThat(result.summaryLine())
                .isEqualTo("router/identity throughput ratio: 0.23 (router 4500 req/s, identity 20000 req/s)");
    }

    private static RunFigures run(String topology, int round, double seconds) {
        return new RunFigures(
                topology, round, 10_000, seconds, 100, 50, 10.0, 20.0, Map.of("DECIDED", 10_000L), Map.of());
    }
}
