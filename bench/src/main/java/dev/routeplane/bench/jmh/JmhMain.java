package dev.routeplane.bench.jmh;

import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ClassifySelectBenchmark} with a configuration short enough for a 2-core machine (1 fork,
 * 3 × 1 s warm-up, 5 × 1 s measurement) and prints one line per benchmark and prompt size.
 *
 * <p>{@code java -cp <bench classpath> dev.routeplane.bench.jmh.JmhMain [benchmark-regex]}; the default regex
 * runs every method of {@link ClassifySelectBenchmark}. The full JMH command line ({@code org.openjdk.jmh.Main})
 * works too: the benchmark list is generated into the bench jar at compile time.
 */
public final class JmhMain {

    private JmhMain() {}

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : ClassifySelectBenchmark.class.getName();
        Options options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("== classify + select (µs per request, mean ± 99.9% error over 5 × 1 s) ==");
        System.out.printf(
                Locale.ROOT,
                "%-20s %12s %12s %10s %14s%n",
                "benchmark",
                "promptBytes",
                "µs/op",
                "error",
                "ops/s (1 core)");
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            double micros = primary.getScore();
            System.out.printf(
                    Locale.ROOT,
                    "%-20s %12s %12.2f %10.2f %,14d%n",
                    name,
                    r.getParams().getParam("promptBytes"),
                    micros,
                    primary.getScoreError(),
                    Math.round(1_000_000 / micros));
        }
    }
}
