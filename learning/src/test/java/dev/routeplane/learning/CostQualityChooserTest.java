package dev.routeplane.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.config.QualityTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostQualityChooserTest {

    private final CostQualityChooser chooser = new CostQualityChooser(ChooserConfig.ofDefaults());

    private final List<RouteOption> candidates = List.of(
            candidate("small", 0.80, 0.0002, 5_000),
            candidate("mid", 0.86, 0.0030, 5_000),
            candidate("large", 0.92, 0.0100, 5_000));

    @Test
    void tiersTradeQualityForCostDifferently() {
        assertThat(chooser.choose(candidates, QualityTier.PREMIUM, "r1").route())
                .isEqualTo("large");
        assertThat(chooser.choose(candidates, QualityTier.STANDARD, "r1").route())
                .isEqualTo("mid");
        assertThat(chooser.choose(candidates, QualityTier.ECONOMY, "r1").route())
                .isEqualTo("small");
    }

    @Test
    void explainsTheChoiceWithEveryEstimate() {
        RouteChoice choice = chooser.choose(candidates, QualityTier.STANDARD, "r1");

        assertThat(choice.explored()).isFalse();
        assertThat(choice.options()).hasSize(3);
        assertThat(choice.chosen().estimate().probability()).isEqualTo(0.86);
        assertThat(choice.reason()).isEqualTo("standard λ=0.10: mid p=0.860 $0.003000 over large p=0.920 $0.010000");
    }

    @Test
    void exploresUnderEvidencedRoutesOnAboutTheConfiguredShareDeterministically() {
        List<RouteOption> withNew =
                List.of(candidates.get(0), candidates.get(1), candidates.get(2), candidate("new", 0.5, 0.0001, 3));
        int explored = 0;
        for (int i = 0; i < 10_000; i++) {
            RouteChoice c = chooser.choose(withNew, QualityTier.STANDARD, "tenant-a/req-" + i);
            if (c.explored()) {
                explored++;
                assertThat(c.route()).isEqualTo("new");
                assertThat(c.reason()).isEqualTo("explore new: 3 examples < 200");
            }
            assertThat(chooser.choose(withNew, QualityTier.STANDARD, "tenant-a/req-" + i))
                    .isEqualTo(c);
        }
        assertThat(explored).isBetween(150, 250);
    }

    @Test
    void neverExploresWhenTheShareIsZero() {
        CostQualityChooser strict = new CostQualityChooser(new ChooserConfig(
                Map.of(QualityTier.ECONOMY, 0.3, QualityTier.STANDARD, 0.1, QualityTier.PREMIUM, 0.0), 0.0, 200, 1));
        List<RouteOption> withNew = List.of(candidates.get(2), candidate("new", 0.5, 0.0001, 0));

        for (int i = 0; i < 1_000; i++) {
            assertThat(strict.choose(withNew, QualityTier.PREMIUM, "r" + i).route())
                    .isEqualTo("large");
        }
    }

    @Test
    void rejectsAnEmptyCandidateList() {
        assertThatThrownBy(() -> chooser.choose(List.of(), QualityTier.STANDARD, "r9"))
                .hasMessageContaining("r9");
    }

    private static RouteOption candidate(String route, double p, double cost, long evidence) {
        return new RouteOption(route, new SuccessEstimate(p, evidence, 0.5), cost);
    }
}
