package dev.routeplane.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.routeplane.bench.routing.CostQualityCurve.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostQualityCurveTest {
    private final Point cheap = new Point("cheap", 1, 0.6);
    private final Point dear = new Point("dear", 10, 0.9);
    private final Point dominated = new Point("dominated", 8, 0.55);
    private final Point belowTheLine = new Point("below", 5, 0.7);

    @Test
    void theHullDropsPointsThatAreDominatedOrBelowAMixOfOthers() {
        assertThat(CostQualityCurve.hull(List.of(dear, dominated, cheap, belowTheLine)))
                .extracting(Point::label)
                .containsExactly("nothing", "cheap", "dear");
    }

    @Test
    void betweenPointsTheBestMixIsReachedAndBeyondTheBestItStaysThere() {
        List<Point> points = List.of(cheap, dear);

        assertThat(CostQualityCurve.accuracyAt(points, 0.5)).isCloseTo(0.3, within(1e-12));
        assertThat(CostQualityCurve.accuracyAt(points, 5.5)).isCloseTo(0.75, within(1e-12));
        assertThat(CostQualityCurve.accuracyAt(points, 20)).isEqualTo(0.9);
    }

    @Test
    void aiqIsTheMeanAccuracyOverTheCostRange() {
        List<Point> points = List.of(cheap, dear);

        // from 1 to 10 the hull rises linearly from 0.6 to 0.9: its mean is 0.75
        assertThat(CostQualityCurve.aiq(points, 1, 10)).isCloseTo(0.75, within(1e-6));
        // a router reaching 0.9 already at cost 4: 0.75 on average from 1 to 4, then 0.9 up to 10
        assertThat(CostQualityCurve.aiq(List.of(cheap, new Point("router", 4, 0.9)), 1, 10))
                .isCloseTo((3 * 0.75 + 6 * 0.9) / 9, within(1e-6));
    }
}
