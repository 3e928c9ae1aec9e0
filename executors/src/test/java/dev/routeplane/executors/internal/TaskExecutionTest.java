package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.CascadeStages;
import dev.routeplane.cascade.Signals;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Route;
import dev.routeplane.executors.ExecutorMeters;
import dev.routeplane.executors.ResilienceSettings;
import dev.routeplane.executors.TestTasks;
import dev.routeplane.schemas.ReasonCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A task the executor's policy re-check stops before any call. Nothing here calls, retries or writes: a test that
 * reached the adapter, the scheduler or the output writer would fail on it.
 */
class TaskExecutionTest {
    final RouteplaneConfig config = TestTasks.config();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Route alpha = TestTasks.route("alpha", "alpha-mini", "us-east");
    final Route beta = TestTasks.route("beta", "beta-haiku", "eu-west");
    final Route gamma = TestTasks.route("gamma", "gamma-mini", "us-west");
    final Clock clock = Clock.systemUTC();
    final Lease held = new Lease(clock, clock.instant(), Duration.ofSeconds(60), () -> true);

    TaskOutcome run(String workerProvider, ExecutionTask task) throws Exception {
        WorkerContext ctx = new WorkerContext(
                config.providers().get(workerProvider),
                config,
                call -> {
                    throw new AssertionError("no call may be made for a refused task");
                },
                new ProviderResilience(
                        config.providers().get(workerProvider), ResilienceSettings.defaults(), Runnable::run, clock),
                ref -> {
                    throw new AssertionError("no key may be resolved for a refused task");
                },
                null,
                null,
                Runnable::run,
                clock,
                ExecutorMeters.of(registry, workerProvider, "test"),
                Signals.builtIn(),
                requestId -> {});
        return new TaskExecution(ctx, task, held).run().get(5, TimeUnit.SECONDS);
    }

    double cascadeVerdicts(String verdict) {
        Counter counter = registry.find("routeplane.executor.cascade")
                .tag("verdict", verdict)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aCheapStageRefusedByThePolicyReCheckEscalates() throws Exception {
        // globex-eu carries eu_data_residency: the cheap stage on gamma (us-west) is refused, the escalation beta not.
        ExecutionTask first = TestTasks.asCascade(
                TestTasks.task("globex-eu", "t1", "gamma", "gamma-mini", "us-west", 10_000, List.of()),
                "ANSWER_AGREEMENT",
                List.of(gamma, alpha),
                beta);

        TaskOutcome outcome = run("gamma", first);

        assertThat(outcome).isInstanceOf(TaskOutcome.CascadeStep.class);
        ExecutionTask escalation = ((TaskOutcome.CascadeStep) outcome).next();
        assertThat(escalation.getDecision().getRoute()).isEqualTo(beta);
        assertThat(escalation.getCascadeAnswers()).containsExactly("", "");
        assertThat(escalation.getCascadeStage()).isEqualTo(2);
        assertThat(escalation.getAttempt()).isEqualTo(2);
        assertThat(escalation.getPreviousAttempts()).isEmpty();
        assertThat(CascadeStages.escalated(escalation)).isTrue();
        assertThat(cascadeVerdicts("stage_failed")).isEqualTo(1.0);
        assertThat(cascadeVerdicts("escalated")).isZero();
    }

    @Test
    void aCheapStageNamingAModelItsProviderDoesNotServeEscalates() throws Exception {
        ExecutionTask first = TestTasks.asCascade(
                TestTasks.task("acme", "t2", "alpha", "beta-haiku", "us-east", 10_000, List.of()),
                "ANSWER_AGREEMENT",
                List.of(TestTasks.route("alpha", "beta-haiku", "us-east"), gamma),
                beta);

        TaskOutcome outcome = run("alpha", first);

        assertThat(outcome).isInstanceOf(TaskOutcome.CascadeStep.class);
        ExecutionTask escalation = ((TaskOutcome.CascadeStep) outcome).next();
        assertThat(escalation.getDecision().getRoute()).isEqualTo(beta);
        assertThat(escalation.getCascadeAnswers()).containsExactly("", "");
        assertThat(cascadeVerdicts("stage_failed")).isEqualTo(1.0);
    }

    @Test
    void aRefusedCheapStageWithNowhereToGoFailsWithThePolicyReasonAndCountsOneStageFailure() throws Exception {
        // Everything globex-eu could escalate to is on gamma, which its residency tag excludes.
        ExecutionTask first = TestTasks.asCascade(
                TestTasks.task(
                        "globex-eu",
                        "t3",
                        "gamma",
                        "gamma-mini",
                        "us-west",
                        10_000,
                        List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west"))),
                "ANSWER_AGREEMENT",
                List.of(gamma),
                gamma);

        TaskOutcome outcome = run("gamma", first);

        assertThat(outcome).isInstanceOf(TaskOutcome.Terminal.class);
        ExecutionResult result = ((TaskOutcome.Terminal) outcome).result();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getReason()).isEqualTo(ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE);
        assertThat(result.getAttempts()).isEmpty();
        assertThat(result.getEscalated()).isFalse();
        assertThat(cascadeVerdicts("stage_failed")).isEqualTo(1.0);
    }

    @Test
    void anUnknownModelWithNowhereToGoKeepsItsReasonCode() throws Exception {
        ExecutionTask first = TestTasks.asCascade(
                TestTasks.task("acme", "t4", "alpha", "beta-haiku", "us-east", 10_000, List.of()),
                "ANSWER_AGREEMENT",
                List.of(TestTasks.route("alpha", "beta-haiku", "us-east")),
                TestTasks.route("gamma", "no-such-model", "us-west"));

        TaskOutcome outcome = run("alpha", first);

        ExecutionResult result = ((TaskOutcome.Terminal) outcome).result();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getReason()).isEqualTo(ReasonCodes.UNKNOWN_MODEL);
        assertThat(cascadeVerdicts("stage_failed")).isEqualTo(1.0);
    }

    @Test
    void aRefusedTaskOutsideACascadeStillFailsAtOnce() throws Exception {
        ExecutionTask plain = TestTasks.task(
                "globex-eu",
                "t5",
                "gamma",
                "gamma-mini",
                "us-west",
                10_000,
                List.of(TestTasks.fallback("beta", "beta-haiku", "eu-west")));

        TaskOutcome outcome = run("gamma", plain);

        ExecutionResult result = ((TaskOutcome.Terminal) outcome).result();
        assertThat(result.getReason()).isEqualTo(ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE);
        assertThat(result.getCascade()).isNull();
        assertThat(cascadeVerdicts("stage_failed")).isZero();
    }
}
