package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.CandidateEstimate;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.learning.AnswerScoring;
import dev.routeplane.learning.ChooserConfig;
import dev.routeplane.learning.EstimatorConfig;
import dev.routeplane.router.testing.LearnerDriver;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production learner topology ({@link LearnerTopology#build}) turns requests, results and feedback into
 * success-model snapshots, and the production router topology with a {@link LearnedSelector} routes on them: per
 * prompt, to the cheap model where feedback says it does well and to the dearer one where it does not.
 */
class LearnedRoutingTopologyTest {
    private static final Instant NOW = RouterDriver.NOW;
    /** In the bundled summarization lane: the free local model and the lane's dearest. */
    private static final String CHEAP = "llama-3-1-8b-local";

    private static final String DEAR = "claude-haiku-3-5";
    /** No exploration, so every assertion is about the learned choice. */
    private static final LearnedRouting LEARNED = new LearnedRouting(
            16,
            4096,
            EstimatorConfig.ofDefaults().withDimension(1 << 16),
            new ChooserConfig(
                    Map.of(QualityTier.ECONOMY, 0.3, QualityTier.STANDARD, 0.1, QualityTier.PREMIUM, 0.02), 0, 200, 1),
            AnswerScoring.ofDefaults(),
            ScoredCascades.ofDefaults());

    private final RouteplaneConfig config = TestConfigs.bundled();
    private final LearnerDriver learner = new LearnerDriver(config, LEARNED);

    @AfterEach
    void close() {
        learner.close();
    }

    @Test
    void learnsPerPromptSuccessFromFeedbackAndRoutesEachPromptToTheRouteThatEarnsIt() {
        // given 150 revenue summaries both models do well and 150 contract summaries only the dearer one does well,
        // each answered by both and scored as feedback, and 50 more requests answered without any feedback
        // when the learner publishes
        Map<String, SuccessModelSnapshot> snapshots = trainedSnapshots();

        // then one snapshot per answered model, learned from exactly its feedback (not from unscored answers)
        assertThat(snapshots.keySet()).containsExactlyInAnyOrder(CHEAP, DEAR);
        assertThat(snapshots.values()).allSatisfy(snapshot -> {
            assertThat(snapshot.getEvidence()).isEqualTo(300);
            assertThat(snapshot.getFeaturizer()).isEqualTo("hashing-v1/16/4096");
        });

        // and a router loading them sends an unseen revenue summary to the free model, an unseen contract to the other
        LearnedSelector selector = new LearnedSelector(config, LEARNED);
        try (RouterDriver router = new RouterDriver(config, c -> c.withSelector(selector))) {
            snapshots.values().forEach(router::successModel);
            router.send(summarize("new-revenue", revenuePrompt(1000)));
            router.send(summarize("new-contract", contractPrompt(1000)));
            List<RoutingDecision> decisions =
                    router.decisions().stream().map(kv -> kv.value).toList();

            assertThat(decisions).hasSize(2);
            RoutingDecision revenue = decisions.get(0);
            RoutingDecision contract = decisions.get(1);
            assertThat(revenue.getRoute().getModel())
                    .as(String.join("\n", revenue.getExplanation()))
                    .isEqualTo(CHEAP);
            assertThat(contract.getRoute().getModel()).isEqualTo(DEAR);
            // the decision records every candidate's estimate, the chosen first, with the evidence behind it
            List<CandidateEstimate> weighed = contract.getEstimates().getCandidates();
            assertThat(weighed)
                    .extracting(CandidateEstimate::getModel)
                    .startsWith(DEAR)
                    .contains(CHEAP);
            assertThat(weighed)
                    .filteredOn(c -> c.getModel().equals(CHEAP))
                    .singleElement()
                    .satisfies(c -> assertThat(c.getEvidence()).isEqualTo(300));
            assertThat(quality(revenue, CHEAP)).isGreaterThan(0.8);
            assertThat(quality(contract, CHEAP)).isLessThan(0.5);
            assertThat(contract.getVersions().getStats()).startsWith("learned@");
            assertThat(contract.getExplanation())
                    .anySatisfy(line -> assertThat(line).startsWith("estimates:"));
        }
    }

    @Test
    void routesWithoutEvidenceGetOnlyTheSmallExplorationShare() {
        // given the two trained models, the lane's three others never rated, and the default 2% exploration share
        Map<String, SuccessModelSnapshot> snapshots = trainedSnapshots();
        LearnedRouting defaults = LearnedRouting.ofDefaults();
        LearnedSelector selector = new LearnedSelector(config, defaults);
        try (RouterDriver router = new RouterDriver(config, c -> c.withSelector(selector))) {
            snapshots.values().forEach(router::successModel);

            // when 1,000 unseen revenue summaries are routed
            for (int i = 0; i < 1_000; i++) {
                router.send(summarize("explore-" + i, revenuePrompt(2_000 + i)));
            }
            List<RoutingDecision> decisions =
                    router.decisions().stream().map(kv -> kv.value).toList();

            // then about 2% go to the unrated models, each marked as exploration; every other one to the learned choice
            List<RoutingDecision> explored = decisions.stream()
                    .filter(d -> d.getExplanation().stream().anyMatch(l -> l.startsWith("learned exploration: ")))
                    .toList();
            assertThat(decisions).hasSize(1_000);
            assertThat(explored.size()).isBetween(10, 35);
            assertThat(explored)
                    .allSatisfy(d ->
                            assertThat(d.getRoute().getModel()).isIn("gpt-4o-mini", "mistral-small", "llama-3-1-70b"));
            assertThat(decisions)
                    .filteredOn(d -> !explored.contains(d))
                    .allSatisfy(d -> assertThat(d.getRoute().getModel()).isEqualTo(CHEAP));
        }
    }

    @Test
    void aCascadeLearnsFromItsOwnOutcomesAndIsChosenWhereItsCheapStagesAgreeAndAreRight() {
        // given the summarization lane with a cascade pool of the free local model and mistral-small, and the models
        // trained as above (the local model fails contracts, the dearer claude-haiku gets them right)
        RouteplaneConfig cascading = withSummarizationCascade();
        String cascade = "cascade:mistral-small," + CHEAP + ">" + DEAR;
        Map<String, SuccessModelSnapshot> latest = new java.util.HashMap<>(trainedSnapshots());
        // and 150 contract summaries that ran as that cascade, kept its cheap answer and were scored right
        for (int i = 0; i < 150; i++) {
            String id = "c-" + i;
            learner.request(summarize(id, contractPrompt(500 + i)));
            learner.result(ExecutionResult.newBuilder(LearnerDriver.answer(id, "mistral-small", null))
                    .setCascade(cascade)
                    .setEscalated(false)
                    .build());
            learner.scored(id, 1.0);
        }
        latest.putAll(learner.publish());

        // then the learner has learned the cascade's success and its chance of escalating, from those 150 only, and
        // did not credit the model whose answer the cascade kept
        assertThat(latest.get(cascade).getEvidence()).isEqualTo(150);
        assertThat(latest.get(cascade + "#escalates").getEvidence()).isEqualTo(150);
        assertThat(latest).doesNotContainKey("mistral-small");

        // and a router loading everything runs an unseen contract summary as that cascade: the first stage is the
        // route, the escalation and the budget for every stage plus the escalation are in the decision
        LearnedSelector selector = new LearnedSelector(cascading, LEARNED);
        try (RouterDriver router = new RouterDriver(cascading, c -> c.withSelector(selector))) {
            latest.values().forEach(router::successModel);
            router.send(summarize("new-contract", contractPrompt(1000)));
            RoutingDecision d = router.decisions().get(0).value;
            String why = String.join("\n", d.getExplanation());

            assertThat(d.getCascade()).as(why).isNotNull();
            assertThat(d.getCascade().getId()).isEqualTo(cascade);
            assertThat(d.getCascade().getSignal()).isEqualTo("ANSWER_AGREEMENT");
            assertThat(d.getCascade().getStages())
                    .extracting(r -> r.getModel())
                    .containsExactly("mistral-small", CHEAP);
            assertThat(d.getRoute().getModel()).isEqualTo("mistral-small");
            ExecutionTask firstStage = router.tasks(d.getRoute().getProvider()).get(0).value;
            assertThat(firstStage.getCascadeStage()).isZero();
            assertThat(firstStage.getCascadeAnswers()).isEmpty();
            assertThat(d.getCascade().getEscalation().getModel()).isEqualTo(DEAR);
            assertThat(d.getFallbacks()).extracting(f -> f.getModel()).doesNotContain(DEAR, "mistral-small", CHEAP);
            assertThat(why).contains("cascade: " + cascade).contains("cascade stages plus the max worst case");
            long escalationWorst = d.getEstimates().getCandidates().stream()
                    .filter(c -> c.getModel().equals(DEAR))
                    .findFirst()
                    .orElseThrow()
                    .getCostMicros();
            assertThat(d.getBudgets().getReservedCostMicros()).isGreaterThan(escalationWorst);

            // and a request whose own cost cap holds the escalation's worst case but not the stages on top of it runs
            // without the cascade
            ModelPrice dear = cascading.priceBook().priceAt(DEAR, NOW);
            long dearWorst = Money.costMicros(
                    d.getFeatures().getInputTokens(),
                    d.getBudgets().getMaxOutputTokens(),
                    dear.inputMicrosPerMillion(),
                    dear.outputMicrosPerMillion());
            RouteRequest.Builder capped = RouteRequest.newBuilder(summarize("capped-contract", contractPrompt(1000)));
            capped.getHints().setMaxCostMicros(dearWorst);
            router.send(capped.build());
            RoutingDecision uncascaded = router.decisions().get(0).value;
            assertThat(uncascaded.getCascade()).isNull();
            assertThat(uncascaded.getExplanation())
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("budget: cascade " + cascade)
                            .endsWith("does not fit hints.maxCostMicros; routing without it"));
        }
    }

    /** The bundled config with a cascade pool of the local model and mistral-small in the summarization lane. */
    private static RouteplaneConfig withSummarizationCascade() {
        String lane =
                "    candidates: [gpt-4o-mini, claude-haiku-3-5, mistral-small, llama-3-1-70b, llama-3-1-8b-local]\n";
        return TestConfigs.bundledWith(
                lane, lane + "    cascade: [llama-3-1-8b-local, mistral-small]\n", "with a summarization cascade");
    }

    /** What the learner publishes after the first test's feedback. */
    private Map<String, SuccessModelSnapshot> trainedSnapshots() {
        int id = 0;
        for (int i = 0; i < 150; i++) {
            for (String model : List.of(CHEAP, DEAR)) {
                answerAndScore("r-" + id++, revenuePrompt(i), model, 1.0);
                answerAndScore("r-" + id++, contractPrompt(i), model, model.equals(DEAR) ? 1.0 : 0.0);
            }
        }
        for (int i = 0; i < 50; i++) {
            answer("unscored-" + i, revenuePrompt(i), CHEAP);
        }
        return learner.publish();
    }

    private static double quality(RoutingDecision d, String model) {
        return d.getEstimates().getCandidates().stream()
                .filter(c -> c.getModel().equals(model))
                .findFirst()
                .orElseThrow()
                .getQuality();
    }

    private static String revenuePrompt(int i) {
        return "Summarize the quarterly revenue report for region " + i
                + ": sales grew, margins held, costs were flat.";
    }

    private static String contractPrompt(int i) {
        return "Summarize the indemnification and liability clauses of supplier contract " + i
                + " under the governing law of the agreement.";
    }

    private static RouteRequest summarize(String requestId, String prompt) {
        return Requests.request("acme", requestId, "summarize", prompt).build();
    }

    /** Every other request's feedback is read before its result: topics have no order between them. */
    private void answerAndScore(String requestId, String prompt, String model, double score) {
        learner.request(summarize(requestId, prompt));
        if (requestId.hashCode() % 2 == 0) {
            learner.result(LearnerDriver.answer(requestId, model, null));
            learner.scored(requestId, score);
        } else {
            learner.scored(requestId, score);
            learner.result(LearnerDriver.answer(requestId, model, null));
        }
    }

    private void answer(String requestId, String prompt, String model) {
        learner.request(summarize(requestId, prompt));
        learner.result(LearnerDriver.answer(requestId, model, null));
    }
}
