package dev.routeplane.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaosReportTest {

    @Test
    void printsTheIssuesLastLineWithEveryFigure() {
        ChaosReport report = new ChaosReport(3200, 3198, 1, 1_897_081, 1_897_082, 15, 2, 8, 1);

        assertThat(report.line())
                .isEqualTo("chaos: 3200 requests, 3198 terminal, 2 lost, 1 duplicate terminals; ledger $1.897081 !="
                        + " invoice $1.897082; budget overshoot $0.000015; policy violations 2; kills 8, broker"
                        + " restarts 1");
        assertThat(report.holds(6, 1)).isFalse();
    }

    @Test
    void holdsOnlyWhenEveryTargetIsMet() {
        ChaosReport good = new ChaosReport(3200, 3200, 0, 1_000, 1_000, 0, 0, 6, 1);

        assertThat(good.line()).contains("0 lost, 0 duplicate terminals; ledger $0.001000 = invoice $0.001000");
        assertThat(good.holds(6, 1)).isTrue();
        assertThat(good.holds(7, 1)).isFalse();
        assertThat(new ChaosReport(3200, 3200, 0, 1_000, 1_000, 0, 0, 6, 0).holds(6, 1))
                .isFalse();
    }
}
