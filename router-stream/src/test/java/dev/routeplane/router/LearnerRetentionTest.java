package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.router.testing.LearnerDriver;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The learner forgets a request its retention (7 days here) after it was routed: feedback within it teaches, feedback
 * after it teaches nothing, and once whole generations of its stores have expired a purge removes them.
 */
class LearnerRetentionTest {
    private static final String MODEL = "llama-3-1-8b-local";
    private static final List<String> JOIN_STORES = List.of(
            LearnerTopology.PENDING_STORE,
            LearnerTopology.VECTORS_STORE,
            LearnerTopology.ANSWER_PROMPTS_STORE,
            LearnerTopology.ANSWERS_STORE);

    private final LearnerDriver learner = new LearnerDriver(TestConfigs.bundled(), LearnedRouting.ofDefaults());

    @AfterEach
    void close() {
        learner.close();
    }

    @Test
    void feedbackSixDaysAfterTheRequestTeaches() {
        // given a request answered with text
        routedAndAnswered("r-1");

        // when its feedback comes six days later
        learner.advance(Duration.ofDays(6));
        learner.scored("r-1", 1.0);

        // then the answering model learns from it
        Map<String, SuccessModelSnapshot> published = learner.publish();
        assertThat(published).containsKey(MODEL);
        assertThat(published.get(MODEL).getEvidence()).isEqualTo(1);
    }

    @Test
    void feedbackEightDaysAfterTheRequestTeachesNothingAndExpiredGenerationsLeaveTheStores() {
        // given a request answered with text, held in each of the join's stores
        routedAndAnswered("r-1");
        assertThat(JOIN_STORES)
                .allSatisfy(
                        store -> assertThat(learner.entries(store)).as(store).isEqualTo(1));

        // when its feedback comes eight days later
        learner.advance(Duration.ofDays(8));
        learner.scored("r-1", 1.0);

        // then nothing is learned from it
        assertThat(learner.publish()).isEmpty();

        // and once two retentions have passed, a purge has emptied every store of the join
        learner.advance(Duration.ofDays(7));
        assertThat(JOIN_STORES)
                .allSatisfy(
                        store -> assertThat(learner.entries(store)).as(store).isZero());
    }

    private void routedAndAnswered(String requestId) {
        RouteRequest request = Requests.request(
                        "acme", requestId, "summarize", "Summarize the quarterly revenue report: sales grew.")
                .build();
        learner.request(request);
        learner.result(LearnerDriver.answer(requestId, MODEL, "Sales grew."));
    }
}
