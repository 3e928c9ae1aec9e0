package dev.routeplane.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CascadePlannerTest {
    final CascadePlanner planner = new CascadePlanner();
    final PlanOption local = new PlanOption("llama-8b", null, 0.70, 10, 40);
    final PlanOption small = new PlanOption("mistral-small", "cheap-alias", 0.80, 100, 300);
    final PlanOption mini = new PlanOption("gpt-mini", null, 0.75, 120, 350);
    final PlanOption large = new PlanOption("claude-sonnet", null, 0.95, 2_000, 9_000);
    final PlanOption medium = new PlanOption("gpt-4o", null, 0.90, 1_500, 7_000);
    final List<PlanOption> eligible = List.of(local, small, mini, large, medium);

    @Test
    void picksThePoolsTwoLikeliestAsStagesAndTheLikeliestOtherRouteAsEscalation() {
        CascadePlan plan = planner.plan(Set.of("llama-8b", "cheap-alias", "gpt-mini"), eligible, false, false)
                .orElseThrow();

        assertThat(plan.stageModels()).containsExactly("mistral-small", "gpt-mini");
        assertThat(plan.escalation()).isEqualTo(large);
        assertThat(plan.signal()).isEqualTo(CascadeSignal.ANSWER_AGREEMENT);
        assertThat(plan.id()).isEqualTo("cascade:mistral-small,gpt-mini>claude-sonnet");
        assertThat(plan.escalationKey()).isEqualTo("cascade:mistral-small,gpt-mini>claude-sonnet#escalates");
        assertThat(CascadePlan.stagesOf(plan.id())).isEqualTo(plan.stageModels());
        assertThat(CascadePlan.escalationOf(plan.id())).isEqualTo("claude-sonnet");
    }

    @Test
    void stagesWhoseModelsAllHaveAnAnswerScorerAreJudgedByScoreAndOtherwiseByAgreement() {
        Set<String> pool = Set.of("mistral-small", "gpt-mini");

        CascadePlan scored = planner.plan(pool, eligible, false, false, Set.of("mistral-small", "gpt-mini")::contains)
                .orElseThrow();
        CascadePlan halfScored = planner.plan(pool, eligible, false, false, Set.of("gpt-mini")::contains)
                .orElseThrow();
        CascadePlan json = planner.plan(pool, eligible, true, false, m -> true).orElseThrow();

        assertThat(scored.signal()).isEqualTo(CascadeSignal.ANSWER_SCORE);
        assertThat(scored.id()).isEqualTo("cascade:mistral-small,gpt-mini>claude-sonnet");
        double escalates = 1 - 0.80 * 0.75 - 0.5 * (0.20 * 0.25);
        assertThat(scored.successFromParts()).isCloseTo((1 - escalates) * 0.80 + escalates * 0.95, within(1e-12));
        assertThat(halfScored.signal()).isEqualTo(CascadeSignal.ANSWER_AGREEMENT);
        assertThat(json.signal()).isEqualTo(CascadeSignal.FORMAT_VALIDATION);
    }

    @Test
    void estimatesACascadeFromItsPartsUntilItHasEvidence() {
        CascadePlan plan = planner.plan(Set.of("mistral-small", "gpt-mini"), eligible, false, false)
                .orElseThrow();

        double allRight = 0.80 * 0.75;
        double escalates = 1 - allRight - 0.5 * (0.20 * 0.25);
        assertThat(plan.escalationFromParts()).isCloseTo(escalates, within(1e-12));
        assertThat(plan.successFromParts()).isCloseTo(allRight + escalates * 0.95, within(1e-12));
    }

    @Test
    void costsEveryStageAndTheEscalationWhenItHappens() {
        CascadePlan plan = planner.plan(Set.of("mistral-small", "gpt-mini"), eligible, false, false)
                .orElseThrow();

        assertThat(plan.stagesExpectedCostMicros()).isEqualTo(220);
        assertThat(plan.expectedCostMicros(0.25)).isEqualTo(220 + 500);
        assertThat(plan.stagesWorstCaseMicros()).isEqualTo(650);
        assertThat(plan.worstCaseMicros(large.worstCaseMicros())).isEqualTo(9_650);
    }

    @Test
    void aJsonRequestGetsOneStageJudgedByItsFormatAndAPoolOfOneByConfidence() {
        assertThat(planner.plan(Set.of("mistral-small", "gpt-mini"), eligible, true, false)
                        .orElseThrow())
                .satisfies(p -> assertThat(p.stageModels()).containsExactly("mistral-small"))
                .satisfies(p -> assertThat(p.signal()).isEqualTo(CascadeSignal.FORMAT_VALIDATION));
        assertThat(planner.plan(Set.of("gpt-mini"), eligible, false, false).orElseThrow())
                .satisfies(p -> assertThat(p.stageModels()).containsExactly("gpt-mini"))
                .satisfies(p -> assertThat(p.signal()).isEqualTo(CascadeSignal.LOW_CONFIDENCE))
                .satisfies(p -> assertThat(p.escalationFromParts()).isCloseTo(0.25, within(1e-12)));
    }

    @Test
    void noCascadeForToolsForAnEmptyPoolOrWhereTheEscalationIsNotDearEnough() {
        assertThat(planner.plan(Set.of("mistral-small", "gpt-mini"), eligible, false, true))
                .isEmpty();
        assertThat(planner.plan(Set.of(), eligible, false, false)).isEmpty();
        assertThat(planner.plan(null, eligible, false, false)).isEmpty();
        // everything eligible is in the pool: nothing to escalate to
        assertThat(planner.plan(
                        Set.of("llama-8b", "mistral-small", "gpt-mini", "claude-sonnet", "gpt-4o"),
                        eligible,
                        false,
                        false))
                .isEmpty();
        // the escalation would cost less than 3x the stages
        PlanOption cheapEscalation = new PlanOption("gpt-4o", null, 0.90, 600, 7_000);
        assertThat(planner.plan(
                        Set.of("mistral-small", "gpt-mini"), List.of(small, mini, cheapEscalation), false, false))
                .isEmpty();
    }
}
