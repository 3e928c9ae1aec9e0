package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.CascadeSignal;
import dev.routeplane.cascade.CascadeStages;
import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.Signals;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Route;
import dev.routeplane.executors.TestTasks;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CascadesTest {
    final PolicyCheck policy = new PolicyCheck(TestTasks.config());
    final Route alpha = TestTasks.route("alpha", "alpha-mini", "us-east");
    final Route gamma = TestTasks.route("gamma", "gamma-mini", "us-west");
    final Route beta = TestTasks.route("beta", "beta-haiku", "eu-west");
    final AttemptRecord answeredOnAlpha =
            new AttemptRecord("alpha", "alpha-mini", "primary", "SUCCEEDED", null, 310L, 1_250L, 400, 10);
    final AttemptRecord answeredOnGamma =
            new AttemptRecord("gamma", "gamma-mini", "primary", "SUCCEEDED", null, 280L, 980L, 410, 12);
    final AttemptRecord answeredOnBeta =
            new AttemptRecord("beta", "beta-haiku", "primary", "SUCCEEDED", null, 450L, 2_100L, 400, 15);
    final Signals signals = Signals.builtIn();
    /** Signals whose LOW_CONFIDENCE never trusts a cheap answer. */
    final Signals unsure = signals.with(
            CascadeSignal.LOW_CONFIDENCE, answers -> EscalationVerdict.escalate("confidence 0.31 below 0.70"));

    final AttemptRecord failedOnGamma =
            new AttemptRecord("gamma", "gamma-mini", "primary", "SERVER_ERROR", "RETRYABLE", 120L, 0L, 0, 0);

    /** alpha then gamma, judged by answer agreement, escalating to beta; beta also stands as a fallback. */
    ExecutionTask firstStage(String requestId) {
        return TestTasks.asCascade(
                TestTasks.task(
                        "acme",
                        requestId,
                        "alpha",
                        "alpha-mini",
                        "us-east",
                        10_000,
                        List.of(TestTasks.fallback("beta", "beta-haiku", "eu-west"))),
                "ANSWER_AGREEMENT",
                List.of(alpha, gamma),
                beta);
    }

    ExecutionTask secondStage(String requestId, String firstAnswer) {
        Cascades.Step step =
                Cascades.afterAnswer(firstStage(requestId), firstAnswer, List.of(answeredOnAlpha), signals, policy);
        return ((Cascades.Step.NextStage) step).task();
    }

    /** The second stage of an ANSWER_SCORE cascade over alpha and gamma whose first stage answered "B". */
    ExecutionTask scoredSecondStage(String requestId, Signals scoring) {
        ExecutionTask first = TestTasks.asCascade(firstStage(requestId), "ANSWER_SCORE", List.of(alpha, gamma), beta);
        Cascades.Step step = Cascades.afterAnswer(first, "B", List.of(answeredOnAlpha), scoring, policy);
        return ((Cascades.Step.NextStage) step).task();
    }

    /** The escalation task of a signal's escalate step that went to the escalation route itself. */
    static ExecutionTask escalationOf(Cascades.Step step) {
        assertThat(step).isInstanceOf(Cascades.Step.Escalate.class);
        TaskOutcome onward = ((Cascades.Step.Escalate) step).onward();
        assertThat(onward).isInstanceOf(TaskOutcome.CascadeStep.class);
        return ((TaskOutcome.CascadeStep) onward).next();
    }

    @Test
    void aCheapAnswerGoesOnToTheNextCheapStageWithTheAnswerAndTheAttempts() {
        ExecutionTask first = firstStage("c1");

        Cascades.Step step =
                Cascades.afterAnswer(first, "The answer is (B).", List.of(answeredOnAlpha), signals, policy);

        assertThat(step).isInstanceOf(Cascades.Step.NextStage.class);
        ExecutionTask next = ((Cascades.Step.NextStage) step).task();
        assertThat(next.getAttempt()).isEqualTo(2);
        assertThat(next.getDecision().getRoute()).isEqualTo(gamma);
        assertThat(next.getCascadeAnswers()).containsExactly("The answer is (B).");
        assertThat(next.getPreviousAttempts()).containsExactly(answeredOnAlpha);
        assertThat(next.getDecision().getCascade())
                .isEqualTo(first.getDecision().getCascade());
        assertThat(CascadeStages.atCheapStage(next)).isTrue();
        assertThat(CascadeStages.escalated(next)).isFalse();
        assertThat(next.getCascadeStage()).isEqualTo(1);
    }

    @Test
    void aTaskWithoutAStatedStageFromAnOlderExecutorProgressesByItsAnswersAndGainsOne() {
        ExecutionTask legacy = ExecutionTask.newBuilder(firstStage("c1-legacy"))
                .setCascadeStage(null)
                .build();

        Cascades.Step step = Cascades.afterAnswer(legacy, "B", List.of(answeredOnAlpha), signals, policy);

        ExecutionTask next = ((Cascades.Step.NextStage) step).task();
        assertThat(next.getDecision().getRoute()).isEqualTo(gamma);
        assertThat(next.getCascadeStage()).isEqualTo(1);
    }

    @Test
    void keepsTheFirstCheapAnswerWhenTheCheapStagesAgree() {
        ExecutionTask second = secondStage("c2", "The answer is (B).");

        Cascades.Step step = Cascades.afterAnswer(second, "Answer: B", List.of(answeredOnGamma), signals, policy);

        assertThat(step)
                .isEqualTo(new Cascades.Step.Keep(0, alpha, "The answer is (B).", "2 answers agree", List.of()));
    }

    @Test
    void escalatesWhenTheCheapAnswersDisagree() {
        ExecutionTask second = secondStage("c3", "The answer is (B).");

        Cascades.Step step = Cascades.afterAnswer(second, "Answer: C", List.of(answeredOnGamma), signals, policy);

        assertThat(step).isInstanceOf(Cascades.Step.Escalate.class);
        Cascades.Step.Escalate up = (Cascades.Step.Escalate) step;
        assertThat(up.reason()).isEqualTo("answers disagree: 1 of 2 differ");
        ExecutionTask escalation = escalationOf(up);
        assertThat(escalation.getAttempt()).isEqualTo(3);
        assertThat(escalation.getDecision().getRoute()).isEqualTo(beta);
        assertThat(escalation.getCascadeAnswers()).containsExactly("The answer is (B).", "Answer: C");
        assertThat(escalation.getPreviousAttempts()).containsExactly(answeredOnAlpha, answeredOnGamma);
        assertThat(escalation.getDecision().getFallbacks())
                .extracting(f -> f.getProvider())
                .containsExactly("beta");
        assertThat(CascadeStages.atCheapStage(escalation)).isFalse();
        assertThat(CascadeStages.escalated(escalation)).isTrue();
        assertThat(escalation.getCascadeStage()).isEqualTo(2);
    }

    @Test
    void aNullAnswerCountsAsEmptyAndEscalates() {
        ExecutionTask second = secondStage("c4", null);

        Cascades.Step step = Cascades.afterAnswer(second, "Answer: B", List.of(answeredOnGamma), signals, policy);

        assertThat(step).isInstanceOf(Cascades.Step.Escalate.class);
        assertThat(escalationOf(step).getCascadeAnswers()).containsExactly("", "Answer: B");
    }

    @Test
    void aFailedCheapStageEscalatesAndNeverTakesTheDecisionsFallbacks() {
        ExecutionTask second = secondStage("c5", "The answer is (B).");

        Optional<TaskOutcome> onward = Cascades.afterFailure(
                second, Optional.of(FallbackTrigger.SERVER_ERROR), List.of(failedOnGamma), policy);

        assertThat(onward).get().isInstanceOf(TaskOutcome.CascadeStep.class);
        ExecutionTask escalation = ((TaskOutcome.CascadeStep) onward.get()).next();
        assertThat(escalation.getDecision().getRoute()).isEqualTo(beta);
        assertThat(escalation.getAttempt()).isEqualTo(3);
        assertThat(escalation.getCascadeAnswers()).containsExactly("The answer is (B).", "");
        assertThat(escalation.getPreviousAttempts()).containsExactly(answeredOnAlpha, failedOnGamma);
        assertThat(CascadeStages.escalated(escalation)).isTrue();
    }

    @Test
    void aFailedFirstStageSkipsTheCheapStagesLeftEvenOnAPermanentError() {
        ExecutionTask first = firstStage("c6");
        AttemptRecord rejected =
                new AttemptRecord("alpha", "alpha-mini", "primary", "BAD_REQUEST", "PERMANENT", 40L, 0L, 0, 0);

        Optional<TaskOutcome> onward = Cascades.afterFailure(first, Optional.empty(), List.of(rejected), policy);

        ExecutionTask escalation = ((TaskOutcome.CascadeStep) onward.orElseThrow()).next();
        assertThat(escalation.getDecision().getRoute()).isEqualTo(beta);
        assertThat(escalation.getCascadeAnswers()).containsExactly("", "");
        assertThat(escalation.getCascadeStage()).isEqualTo(2);
        assertThat(escalation.getAttempt()).isEqualTo(2);
    }

    @Test
    void whenPolicyRefusesTheEscalationAFailedCheapStageTakesTheFallbacksAsEscalated() {
        // globex-eu carries eu_data_residency: gamma (us-west) is refused, its fallback beta (eu-west) is not.
        ExecutionTask first = TestTasks.asCascade(
                TestTasks.task(
                        "globex-eu",
                        "c7",
                        "beta",
                        "beta-haiku",
                        "eu-west",
                        10_000,
                        List.of(TestTasks.fallback("beta", "beta-haiku", "eu-west"))),
                "ANSWER_AGREEMENT",
                List.of(beta),
                gamma);
        AttemptRecord failedOnBeta =
                new AttemptRecord("beta", "beta-haiku", "primary", "TIMEOUT", "RETRYABLE", 3_000L, 0L, 0, 0);

        Optional<TaskOutcome> onward =
                Cascades.afterFailure(first, Optional.of(FallbackTrigger.TIMEOUT), List.of(failedOnBeta), policy);
        Optional<TaskOutcome> permanent = Cascades.afterFailure(first, Optional.empty(), List.of(failedOnBeta), policy);

        assertThat(onward).get().isInstanceOf(TaskOutcome.Forward.class);
        ExecutionTask fallback = ((TaskOutcome.Forward) onward.get()).next();
        assertThat(fallback.getDecision().getRoute().getProvider()).isEqualTo("beta");
        assertThat(fallback.getDecision().getFallbacks()).isEmpty();
        assertThat(fallback.getCascadeAnswers()).containsExactly("");
        assertThat(CascadeStages.escalated(fallback)).isTrue();
        assertThat(permanent).isEmpty();
    }

    @Test
    void aFallbackOfTheEscalationStaysEscalated() {
        ExecutionTask second = secondStage("c8", "Answer: B");
        ExecutionTask escalation =
                escalationOf(Cascades.afterAnswer(second, "Answer: C", List.of(answeredOnGamma), signals, policy));

        ExecutionTask fallback = fallbackAfterBetaFails(escalation);

        assertThat(fallback.getCascadeAnswers()).containsExactly("Answer: B", "Answer: C");
        assertThat(CascadeStages.escalated(fallback)).isTrue();
        assertThat(fallback.getPreviousAttempts()).containsExactly(answeredOnAlpha, answeredOnGamma, failedOnBeta);
    }

    final AttemptRecord failedOnBeta =
            new AttemptRecord("beta", "beta-haiku", "primary", "SERVER_ERROR", "RETRYABLE", 90L, 0L, 0, 0);

    /** The fallback an escalation to beta goes to once beta failed with a server error. */
    ExecutionTask fallbackAfterBetaFails(ExecutionTask escalation) {
        return Fallbacks.next(escalation, FallbackTrigger.SERVER_ERROR, List.of(failedOnBeta), policy)
                .orElseThrow();
    }

    @Test
    void theScoresOfAnEscalatedScoreCascadeTravelToItsFallbacksAndItsResult() {
        Signals scoring = signals.with(
                CascadeSignal.ANSWER_SCORE,
                answers ->
                        EscalationVerdict.escalate("best score 0.640 < 0.800").withScores(List.of(0.64, 0.31)));
        ExecutionTask second = scoredSecondStage("c13", scoring);
        assertThat(second.getCascadeScores()).isEmpty();

        ExecutionTask escalation =
                escalationOf(Cascades.afterAnswer(second, "C", List.of(answeredOnGamma), scoring, policy));
        ExecutionTask fallback = fallbackAfterBetaFails(escalation);
        ExecutionResult result = Results.succeeded(
                fallback,
                List.of(answeredOnBeta),
                "beta",
                "beta-haiku",
                "C",
                List.of(),
                "stop",
                fallback.getRequest().getSubmittedAt().plusMillis(900));

        assertThat(escalation.getCascadeScores()).containsExactly(0.64, 0.31);
        assertThat(fallback.getCascadeScores()).containsExactly(0.64, 0.31);
        assertThat(result.getCascadeScores()).containsExactly(0.64, 0.31);
        assertThat(result.getEscalated()).isTrue();
    }

    @Test
    void aKeptAnswerOfAScoreCascadeCarriesItsScores() {
        Signals scoring = signals.with(
                CascadeSignal.ANSWER_SCORE,
                answers -> EscalationVerdict.keep(1, "answer 2 scores 0.910 >= 0.800")
                        .withScores(List.of(0.52, 0.91)));
        ExecutionTask second = scoredSecondStage("c14", scoring);

        Cascades.Step step = Cascades.afterAnswer(second, "C", List.of(answeredOnGamma), scoring, policy);

        assertThat(step)
                .isEqualTo(
                        new Cascades.Step.Keep(1, gamma, "C", "answer 2 scores 0.910 >= 0.800", List.of(0.52, 0.91)));
    }

    @Test
    void aKeptResultNamesTheCascadeAndCostsEveryCheapCall() {
        ExecutionTask second = secondStage("c9", "The answer is (B).");
        Instant now = second.getRequest().getSubmittedAt().plusMillis(900);

        ExecutionResult kept = Results.succeeded(
                second, List.of(answeredOnGamma), "alpha", "alpha-mini", "The answer is (B).", List.of(), null, now);

        assertThat(kept.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(kept.getCascade()).isEqualTo("cascade:alpha-mini,gamma-mini>beta-haiku");
        assertThat(kept.getEscalated()).isFalse();
        assertThat(kept.getAttempts()).containsExactly(answeredOnAlpha, answeredOnGamma);
        assertThat(kept.getCostMicros()).isEqualTo(2_230L);
        // usage counts every billed stage's tokens, not only the stage that returned the answer
        assertThat(kept.getUsage().getInputTokens()).isEqualTo(810);
        assertThat(kept.getUsage().getOutputTokens()).isEqualTo(22);
        assertThat(kept.getOutput().getText()).isEqualTo("The answer is (B).");
    }

    @Test
    void everyResultPastTheCheapStagesIsMarkedEscalatedFailuresToo() {
        ExecutionTask second = secondStage("c10", "Answer: B");
        ExecutionTask escalation =
                escalationOf(Cascades.afterAnswer(second, "Answer: C", List.of(answeredOnGamma), signals, policy));
        AttemptRecord answeredOnBeta =
                new AttemptRecord("beta", "beta-haiku", "primary", "SUCCEEDED", null, 700L, 9_400L, 400, 20);
        Instant now = escalation.getRequest().getSubmittedAt().plusMillis(2_000);

        ExecutionResult failed =
                Results.failed(escalation, List.of(failedOnGamma), ResultStatus.FAILED, "PROVIDER_ERROR", now);
        ExecutionResult succeeded = Results.succeeded(
                escalation, List.of(answeredOnBeta), "beta", "beta-haiku", "Answer: B", List.of(), "stop", now);
        ExecutionResult cheapFailure =
                Results.failed(second, List.of(failedOnGamma), ResultStatus.TIMED_OUT, "DEADLINE_EXCEEDED", now);
        ExecutionResult plain = Results.failed(
                TestTasks.task("acme", "c11", "alpha", "alpha-mini", "us-east", 10_000, List.of()),
                List.of(),
                ResultStatus.FAILED,
                "PROVIDER_ERROR",
                now);

        assertThat(failed.getEscalated()).isTrue();
        assertThat(failed.getCascade()).isEqualTo("cascade:alpha-mini,gamma-mini>beta-haiku");
        assertThat(succeeded.getEscalated()).isTrue();
        assertThat(succeeded.getCostMicros()).isEqualTo(1_250L + 980L + 9_400L);
        assertThat(succeeded.getAttempts()).containsExactly(answeredOnAlpha, answeredOnGamma, answeredOnBeta);
        assertThat(cheapFailure.getEscalated()).isFalse();
        assertThat(cheapFailure.getCascade()).isEqualTo("cascade:alpha-mini,gamma-mini>beta-haiku");
        assertThat(plain.getCascade()).isNull();
        assertThat(plain.getEscalated()).isFalse();
    }

    @Test
    void aCheapStageTheReCheckRefusesEscalatesLikeAFailedOne() {
        ExecutionTask first = firstStage("c12");

        Optional<TaskOutcome> onward = Cascades.afterRefusal(first, List.of(), policy);

        assertThat(onward).get().isInstanceOf(TaskOutcome.CascadeStep.class);
        ExecutionTask escalation = ((TaskOutcome.CascadeStep) onward.get()).next();
        assertThat(escalation.getDecision().getRoute()).isEqualTo(beta);
        assertThat(escalation.getCascadeAnswers()).containsExactly("", "");
        assertThat(escalation.getAttempt()).isEqualTo(2);
        assertThat(escalation.getPreviousAttempts()).isEmpty();
        assertThat(escalation.getDecision().getFallbacks())
                .extracting(f -> f.getProvider())
                .containsExactly("beta");
        assertThat(CascadeStages.escalated(escalation)).isTrue();
    }

    @Test
    void aRefusedCheapStageWhoseEscalationIsRefusedTakesTheFirstAdmissibleFallbackWhateverItsTriggers() {
        // globex-eu carries eu_data_residency: gamma (us-west) is refused everywhere, beta (eu-west) is not.
        ExecutionTask first = TestTasks.asCascade(
                TestTasks.task(
                        "globex-eu",
                        "c13",
                        "gamma",
                        "gamma-mini",
                        "us-west",
                        10_000,
                        List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west"), onContentFilter(beta))),
                "ANSWER_AGREEMENT",
                List.of(gamma),
                gamma);

        Optional<TaskOutcome> onward = Cascades.afterRefusal(first, List.of(), policy);

        assertThat(onward).get().isInstanceOf(TaskOutcome.Forward.class);
        ExecutionTask fallback = ((TaskOutcome.Forward) onward.get()).next();
        assertThat(fallback.getDecision().getRoute().getProvider()).isEqualTo("beta");
        assertThat(fallback.getDecision().getRoute().getModel()).isEqualTo("beta-haiku");
        assertThat(fallback.getDecision().getFallbacks()).isEmpty();
        assertThat(fallback.getCascadeAnswers()).containsExactly("");
        assertThat(fallback.getAttempt()).isEqualTo(2);
        assertThat(CascadeStages.escalated(fallback)).isTrue();
    }

    @Test
    void aRefusedCheapStageWithNeitherEscalationNorFallbackGoesNowhere() {
        ExecutionTask first = TestTasks.asCascade(
                TestTasks.task(
                        "globex-eu",
                        "c14",
                        "gamma",
                        "gamma-mini",
                        "us-west",
                        10_000,
                        List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west"))),
                "ANSWER_AGREEMENT",
                List.of(gamma),
                gamma);

        assertThat(Cascades.afterRefusal(first, List.of(), policy)).isEmpty();
    }

    @Test
    void aSignalEscalationWhoseEscalationIsRefusedGoesToTheFirstAdmissibleFallback() {
        // gamma is outside globex-eu's residency and beta serves no gamma-mini: both are passed over.
        ExecutionTask only = TestTasks.asCascade(
                TestTasks.task(
                        "globex-eu",
                        "c15",
                        "beta",
                        "beta-haiku",
                        "eu-west",
                        10_000,
                        List.of(
                                TestTasks.fallback("gamma", "gamma-mini", "us-west"),
                                TestTasks.fallback("beta", "gamma-mini", "eu-west"),
                                onContentFilter(beta),
                                TestTasks.fallback("alpha", "alpha-mini", "us-east"))),
                "LOW_CONFIDENCE",
                List.of(beta),
                gamma);

        Cascades.Step step = Cascades.afterAnswer(only, "Maybe (C)?", List.of(answeredOnBeta), unsure, policy);

        assertThat(step).isInstanceOf(Cascades.Step.Escalate.class);
        Cascades.Step.Escalate up = (Cascades.Step.Escalate) step;
        assertThat(up.reason()).isEqualTo("confidence 0.31 below 0.70");
        assertThat(up.onward()).isInstanceOf(TaskOutcome.Forward.class);
        ExecutionTask fallback = ((TaskOutcome.Forward) up.onward()).next();
        assertThat(fallback.getDecision().getRoute().getProvider()).isEqualTo("beta");
        assertThat(fallback.getDecision().getRoute().getModel()).isEqualTo("beta-haiku");
        assertThat(fallback.getDecision().getFallbacks())
                .extracting(f -> f.getProvider())
                .containsExactly("alpha");
        assertThat(fallback.getAttempt()).isEqualTo(2);
        assertThat(fallback.getCascadeAnswers()).containsExactly("Maybe (C)?");
        assertThat(fallback.getPreviousAttempts()).containsExactly(answeredOnBeta);
        assertThat(CascadeStages.escalated(fallback)).isTrue();
    }

    @Test
    void aSignalEscalationWithNeitherEscalationNorFallbackIsStrandedAndFailsEscalated() {
        ExecutionTask refused = TestTasks.asCascade(
                TestTasks.task(
                        "globex-eu",
                        "c16",
                        "beta",
                        "beta-haiku",
                        "eu-west",
                        10_000,
                        List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west"))),
                "LOW_CONFIDENCE",
                List.of(beta),
                gamma);
        ExecutionTask unknown = TestTasks.asCascade(
                TestTasks.task("acme", "c17", "beta", "beta-haiku", "eu-west", 10_000, List.of()),
                "LOW_CONFIDENCE",
                List.of(beta),
                TestTasks.route("alpha", "no-such-model", "us-east"));

        Cascades.Step byPolicy = Cascades.afterAnswer(refused, "Maybe (C)?", List.of(answeredOnBeta), unsure, policy);
        Cascades.Step byModel = Cascades.afterAnswer(unknown, "Maybe (C)?", List.of(answeredOnBeta), unsure, policy);

        assertThat(byPolicy).isInstanceOf(Cascades.Step.Stranded.class);
        Cascades.Step.Stranded stranded = (Cascades.Step.Stranded) byPolicy;
        assertThat(stranded.reasonCode()).isEqualTo(ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE);
        assertThat(stranded.reason()).isEqualTo("confidence 0.31 below 0.70");
        assertThat(((Cascades.Step.Stranded) byModel).reasonCode()).isEqualTo(ReasonCodes.UNKNOWN_MODEL);
        ExecutionResult failed = Results.failed(
                stranded.task(),
                List.of(answeredOnBeta),
                ResultStatus.FAILED,
                stranded.reasonCode(),
                stranded.task().getRequest().getSubmittedAt().plusMillis(800));
        assertThat(failed.getEscalated()).isTrue();
        assertThat(failed.getReason()).isEqualTo("POLICY_NO_ELIGIBLE_ROUTE");
        assertThat(failed.getAttempts()).containsExactly(answeredOnBeta);
        assertThat(failed.getCostMicros()).isEqualTo(2_100L);
    }

    static Fallback onContentFilter(Route route) {
        return Fallback.newBuilder()
                .setProvider(route.getProvider())
                .setModel(route.getModel())
                .setRegion(route.getRegion())
                .setWhen(List.of(FallbackTrigger.CONTENT_FILTER))
                .build();
    }
}
