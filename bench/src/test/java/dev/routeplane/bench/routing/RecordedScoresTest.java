package dev.routeplane.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplaySample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hindsight bound of fixed per-task policies: models and agreement cascades, combined under a cost cap. */
class RecordedScoresTest {
    private static final List<String> MODELS = List.of("strong", "cheap-a", "cheap-b");

    @Test
    void picksTheMostAccurateCombinationOfPerTaskPoliciesThatFitsTheBudget() {
        // given task "easy", where both cheap models give the same right letter but on one prompt of four, where they
        // differ and are both wrong, and
        // task "hard", where only the strong model is ever right; strong costs 10 per prompt, cheap ones 1
        List<ReplaySample> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean split = i == 0;
            rows.add(sample(
                    "easy",
                    i,
                    answer("strong", "A", 1, 10),
                    answer("cheap-a", split ? "B" : "A", split ? 0 : 1, 1),
                    answer("cheap-b", split ? "D" : "A", split ? 0 : 1, 1)));
            rows.add(sample(
                    "hard",
                    i,
                    answer("strong", "C", 1, 10),
                    answer("cheap-a", "A", 0, 1),
                    answer("cheap-b", "B", 0, 1)));
        }
        RecordedScores scores = new RecordedScores(rows, MODELS);

        // when the budget allows the strong model on "hard" (40) and a cascade on "easy" (8 + 10 escalated), not both
        // tasks on the strong model (80)
        Map<String, String> chosen = new LinkedHashMap<>();
        RecordedScores.Figure bound = scores.bestFixedPoliciesWithin(60, chosen);

        // then: everything right at cost 58, with the cascade escalating only the prompt the cheap models split on
        assertThat(bound.correct()).isEqualTo(8);
        assertThat(bound.costUsd()).isCloseTo(58, within(1e-9));
        assertThat(chosen.get("hard")).isEqualTo("strong");
        assertThat(chosen.get("easy")).isEqualTo("cascade cheap-a + cheap-b > strong");

        // and with no room for the strong model at all, a cheap model's answers are the best there is
        Map<String, String> poor = new LinkedHashMap<>();
        assertThat(scores.bestFixedPoliciesWithin(8, poor).correct()).isEqualTo(3);
    }

    private static ReplaySample sample(String task, int i, RecordedAnswer... answers) {
        Map<String, RecordedAnswer> byModel = new LinkedHashMap<>();
        for (RecordedAnswer a : answers) {
            byModel.put(a.model(), a);
        }
        return new ReplaySample(
                task,
                "test",
                task + "-" + i,
                task + "/test/" + task + "-" + i,
                task + " prompt " + i,
                task + " prompt " + i,
                byModel);
    }

    private static RecordedAnswer answer(String model, String letter, double correct, double costUsd) {
        return new RecordedAnswer(model, letter, Math.round(costUsd * 1e6), correct);
    }
}
