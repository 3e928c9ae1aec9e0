package dev.routeplane.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.control.replay.ReplayDriver;
import dev.routeplane.control.replay.ReplayPipeline;
import dev.routeplane.control.replay.ReplaySteps;
import dev.routeplane.platform.testkit.SharedData;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eval gate and the online guard on the whole pipeline (embedded broker and registry, learner and guard, router,
 * executors against the simulator replaying RouterBench's recorded Winogrande and MBPP test answers, ledger), with
 * alias {@code prod} bound to gpt-4 in the configuration:
 * <ol>
 *   <li>the gate refuses mistral-7b on Winogrande (recorded accuracy 0.574 against gpt-4's 0.855) and binds nothing;</li>
 *   <li>it accepts gpt-3.5-turbo on MBPP (recorded 0.688 for both, at a fraction of the cost) and re-binds prod;</li>
 *   <li>live Winogrande traffic on prod then scores gpt-3.5 far below what gpt-4 scored under prod, and the guard
 *       rolls prod back to gpt-4 on rp.aliases.v1, the reason in the event; routing follows.</li>
 * </ol>
 */
class EvalGateIT {
    private static final String ALIAS = "prod";
    private static final String GPT4 = "gpt-4-1106-preview";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /**
     * The default quality and cost bounds; the latency bound loosened to 3x, because replayed latencies on a shared
     * machine are scheduling noise and this test is about quality.
     */
    private static final EvalGate.Criteria CRITERIA = new EvalGate.Criteria(0.02, 1.10, 3.0);

    @TempDir
    Path dir;

    @Test
    void gateRefusesAWorseCandidateAcceptsAnEquivalentOneAndTheGuardRollsBackAnOnlineRegression() throws Exception {
        // given the recorded Winogrande and MBPP test splits, and prod bound to gpt-4
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.copy(SharedData.routerbenchSubset().resolve("winograde_test.csv"), data.resolve("winograde_test.csv"));
        Files.copy(SharedData.routerbenchSubset().resolve("mbpp_test.csv"), data.resolve("mbpp_test.csv"));
        ReplayDataset dataset = ReplayDataset.load(data);
        ReplayConfig rc = ReplayConfig.of(dataset, data, Map.of(ALIAS, GPT4));
        List<ReplaySample> winogrande = dataset.samples("winograde", "test");
        List<ReplaySample> mbpp = dataset.samples("mbpp", "test");
        PrintStream out = System.out;

        try (ReplayPipeline pipeline = ReplayRuntime.start(rc.config(), dir.resolve("work"), data, 42L, out::println)) {
            AliasTopic aliases = new AliasTopic(
                    pipeline.clientProperties(),
                    String.valueOf(pipeline.clientProperties().get("bootstrap.servers")),
                    pipeline.registryUrl());

            // when a 7B model is gated for prod on Winogrande
            EvalGate.Verdict worse = EvalGate.run(
                    pipeline, rc, dataset, winogrande, ALIAS, "mistralai/mistral-7b-chat", CRITERIA, TIMEOUT, out);

            // then it is refused for its accuracy alone, by the recorded margin, and prod is not re-bound
            assertThat(worse.promoted()).isFalse();
            assertThat(worse.current().accuracy()).isEqualTo(recordedAccuracy(winogrande, GPT4));
            assertThat(worse.candidate().accuracy())
                    .isEqualTo(recordedAccuracy(winogrande, "mistralai/mistral-7b-chat"));
            assertThat(worse.failures())
                    .singleElement()
                    .asString()
                    .startsWith("accuracy 0.574 vs 0.855 now: drops 0.282, more than the tolerated 0.020");
            assertThat(worse.current().costUsd()).isCloseTo(recordedCost(winogrande, GPT4), within(0.0005));
            assertThat(aliases.latest(new PrintWriter(out, true))).doesNotContainKey(ALIAS);

            // when gpt-3.5 is gated for prod on MBPP, where it is as accurate as gpt-4
            EvalGate.Verdict equivalent =
                    EvalGate.run(pipeline, rc, dataset, mbpp, ALIAS, "gpt-3.5-turbo-1106", CRITERIA, TIMEOUT, out);

            // then prod is re-bound to it on rp.aliases.v1, gpt-4 first in its history
            assertThat(equivalent.promoted()).isTrue();
            assertThat(equivalent.candidate().accuracy())
                    .isEqualTo(equivalent.current().accuracy());
            assertThat(equivalent.candidate().costUsd())
                    .isLessThan(equivalent.current().costUsd() / 10);
            AliasBinding promoted = aliases.latest(new PrintWriter(out, true)).get(ALIAS);
            assertThat(promoted.getModel()).isEqualTo("gpt-3.5-turbo-1106");
            assertThat(promoted.getChangedBy()).isEqualTo("eval-gate");
            assertThat(promoted.getPrevious())
                    .first()
                    .satisfies(p -> assertThat(p.getModel()).isEqualTo(GPT4));

            // when live Winogrande traffic on prod is rated (gpt-3.5 scores 0.663 there, gpt-4 scored 0.855)
            try (ReplayDriver driver = new ReplayDriver(pipeline)) {
                Map<String, ReplaySample> rowOf = new HashMap<>();
                List<ReplayDriver.Call> live = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    RouteRequest r = ReplaySteps.request(
                            "live-" + i,
                            ReplayConfig.EVAL_TENANT,
                            "live",
                            winogrande.get(i).prompt(),
                            ALIAS);
                    live.add(new ReplayDriver.Call(r, winogrande.get(i)));
                    rowOf.put(r.getRequestId(), winogrande.get(i));
                }
                driver.run(
                        live,
                        r -> ReplaySteps.scoreAsFeedback(r, rowOf.get(r.getRequestId()), rc),
                        TIMEOUT,
                        "live on prod",
                        out);

                // then the guard rolls prod back to gpt-4, saying why
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            AliasBinding now =
                                    aliases.latest(new PrintWriter(out, true)).get(ALIAS);
                            assertThat(now.getModel()).isEqualTo(GPT4);
                            assertThat(now.getChangedBy()).isEqualTo("online-guard");
                            assertThat(now.getReason())
                                    .startsWith("online guard: feedback quality of gpt-3-5-turbo-1106 ");
                        });
                // and routing follows the rollback
                int[] probe = {0};
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    RouteRequest r = ReplaySteps.request(
                            "after-rollback-" + probe[0]++,
                            ReplayConfig.EVAL_TENANT,
                            "probe",
                            winogrande.get(0).prompt(),
                            ALIAS);
                    Map<String, ExecutionResult> results = driver.run(
                            List.of(new ReplayDriver.Call(r, winogrande.get(0))),
                            x -> java.util.Optional.empty(),
                            TIMEOUT,
                            "probe",
                            out);
                    assertThat(results.get(r.getRequestId()).getModel()).isEqualTo("gpt-4-1106-preview");
                });
            }
        }
    }

    private static double recordedAccuracy(List<ReplaySample> rows, String model) {
        return rows.stream()
                        .mapToDouble(s -> s.answers().get(model).correctness())
                        .sum()
                / rows.size();
    }

    private static double recordedCost(List<ReplaySample> rows, String model) {
        return rows.stream()
                .mapToDouble(s -> s.answers().get(model).costMicros() / 1e6)
                .sum();
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
