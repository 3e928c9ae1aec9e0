package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.executors.TestTasks;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyAndFallbackTest {
    final PolicyCheck policy = new PolicyCheck(TestTasks.config());
    final AttemptRecord failedOnAlpha =
            new AttemptRecord("alpha", "alpha-mini", "primary", "SERVER_ERROR", "RETRYABLE", 120L, 0L, 0, 0);

    @Test
    void fallsBackToTheFirstMatchingFallbackWithTheAttemptHistory() {
        ExecutionTask task = TestTasks.task(
                "acme",
                "r1",
                "alpha",
                "alpha-mini",
                "us-east",
                10_000,
                List.of(
                        TestTasks.fallback("beta", "beta-haiku", "eu-west"),
                        TestTasks.fallback("gamma", "gamma-mini", "us-west")));

        ExecutionTask next = Fallbacks.next(task, FallbackTrigger.SERVER_ERROR, List.of(failedOnAlpha), policy)
                .get();

        assertThat(next.getAttempt()).isEqualTo(2);
        assertThat(next.getDecision().getRoute().getProvider()).isEqualTo("beta");
        assertThat(next.getDecision().getRoute().getModel()).isEqualTo("beta-haiku");
        assertThat(next.getDecision().getFallbacks())
                .extracting(f -> f.getProvider())
                .containsExactly("gamma");
        assertThat(next.getPreviousAttempts()).containsExactly(failedOnAlpha);
    }

    @Test
    void skipsAFallbackWhoseTriggersDoNotMatch() {
        ExecutionTask task = TestTasks.task(
                "acme",
                "r2",
                "alpha",
                "alpha-mini",
                "us-east",
                10_000,
                List.of(TestTasks.fallback("beta", "beta-haiku", "eu-west")));

        assertThat(Fallbacks.next(task, FallbackTrigger.CONTENT_FILTER, List.of(), policy))
                .isEmpty();
    }

    @Test
    void neverFallsBackOutsideTheTenantsResidencyPolicy() {
        // globex-eu carries eu_data_residency: beta (eu-west) is fine, gamma (us-west) is not.
        ExecutionTask task = TestTasks.task(
                "globex-eu",
                "r3",
                "beta",
                "beta-haiku",
                "eu-west",
                10_000,
                List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west")));

        assertThat(policy.refusal(task, "beta")).isEmpty();
        assertThat(policy.refusal(task, "gamma"))
                .hasValueSatisfying(v -> assertThat(v)
                        .startsWith("policy of tenant 'globex-eu' excludes provider 'gamma': tag eu_data_residency"));
        assertThat(Fallbacks.next(task, FallbackTrigger.SERVER_ERROR, List.of(), policy))
                .isEmpty();
    }

    @Test
    void honoursRequestTagsAndDataClassRules() {
        ExecutionTask tagged = withTags(
                TestTasks.task("acme", "r4", "alpha", "alpha-mini", "us-east", 10_000, List.of()),
                List.of("no_training_on_data"));
        ExecutionTask confidential =
                TestTasks.task("initech", "r5", "alpha", "alpha-mini", "us-east", 10_000, List.of());
        confidential.getDecision().getPolicy().setDataClass("confidential");

        assertThat(policy.refusal(tagged, "gamma"))
                .hasValueSatisfying(v -> assertThat(v).contains("excludes provider 'gamma': tag no_training_on_data"));
        assertThat(policy.refusal(tagged, "alpha")).isEmpty();
        assertThat(policy.refusal(confidential, "gamma"))
                .hasValueSatisfying(v -> assertThat(v).contains("dataClassRules[CONFIDENTIAL]"));
        assertThat(policy.refusal(confidential, "alpha")).isEmpty();
    }

    @Test
    void refusesUnknownTenantsAndResolvesModelsByIdOrWireId() {
        ExecutionTask stranger = TestTasks.task("nobody", "r6", "alpha", "alpha-mini", "us-east", 10_000, List.of());

        assertThat(policy.refusal(stranger, "alpha")).hasValue("tenant 'nobody' is not configured");
        assertThat(policy.model("alpha", "alpha-mini"))
                .get()
                .extracting(m -> m.providerModel())
                .isEqualTo("gpt-4o-mini");
        assertThat(policy.model("gamma", "gpt-4o-mini"))
                .get()
                .extracting(m -> m.id())
                .isEqualTo("gamma-mini");
        assertThat(policy.model("beta", "alpha-mini")).isEmpty();
    }

    @Test
    void computesTheDeadlineFromSubmissionNeverLaterThanFromTheDecision() {
        ExecutionTask task = TestTasks.task("acme", "r7", "alpha", "alpha-mini", "us-east", 10_000, List.of());
        RouteRequest request = task.getRequest();
        request.setSubmittedAt(task.getDecision().getDecidedAt().minusMillis(2_000));

        assertThat(Deadline.of(task, Clock.systemUTC()).at())
                .isEqualTo(request.getSubmittedAt().plusMillis(10_000));
        request.setSubmittedAt(task.getDecision().getDecidedAt().plusMillis(500)); // clock skew
        assertThat(Deadline.of(task, Clock.systemUTC()).at())
                .isEqualTo(task.getDecision().getDecidedAt().plusMillis(10_000));
    }

    static ExecutionTask withTags(ExecutionTask task, List<String> tags) {
        RequestHints hints = RequestHints.newBuilder(task.getRequest().getHints())
                .setTags(tags)
                .build();
        task.getRequest().setHints(hints);
        return task;
    }
}
