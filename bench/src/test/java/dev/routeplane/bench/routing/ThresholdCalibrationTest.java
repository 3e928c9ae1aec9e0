package dev.routeplane.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.control.replay.RecordedRows;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.simulator.ReplaySample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {
    private static final String YI = "zero-one-ai/Yi-34B-Chat";
    private static final String MIXTRAL = "mistralai/mixtral-8x7b-chat";
    private static final String GPT4 = "gpt-4-1106-preview";

    @Test
    void chargesTheEscalationOnlyWhereNoCheapAnswerScoresTheThresholdAndPicksTheHighestThatFits() {
        // two score cascades (best scores 0.9 and 0.6) and one single-model request billed 500 micros
        ReplaySample first = row("mbpp/train/mbpp.dev.87");
        ReplaySample second = row("mbpp/train/mbpp.dev.278");
        Map<String, ExecutionResult> results = new LinkedHashMap<>();
        Map<String, ReplaySample> rowOf = new LinkedHashMap<>();
        results.put("a", cascade("a", List.of(0.9, Double.NaN)));
        rowOf.put("a", first);
        results.put("b", cascade("b", List.of(0.2, 0.6)));
        rowOf.put("b", second);
        results.put("c", RecordedRows.answered("c", ReplayConfig.ROUTED_TENANT, YI, 500));
        rowOf.put("c", row("mbpp/test/mbpp.dev.1"));

        ThresholdCalibration c = ThresholdCalibration.of(results, rowOf, RecordedRows.config());

        long stages = cost(first, YI) + cost(first, MIXTRAL) + cost(second, YI) + cost(second, MIXTRAL);
        assertThat(c.costMicros(0.5)).isEqualTo(stages + 500);
        assertThat(c.costMicros(0.7)).isEqualTo(stages + 500 + cost(second, GPT4));
        assertThat(c.costMicros(0.95)).isEqualTo(stages + 500 + cost(second, GPT4) + cost(first, GPT4));
        assertThat(c.thresholdFor(stages + 500 + cost(second, GPT4))).isEqualTo(0.9);
        assertThat(c.thresholdFor(stages + 499)).isZero();
        assertThat(c.scoreCascades()).isEqualTo(2);
    }

    private static ReplaySample row(String key) {
        return RecordedRows.data().row(key).orElseThrow();
    }

    private static long cost(ReplaySample row, String wire) {
        return row.answers().get(wire).costMicros();
    }

    private static ExecutionResult cascade(String id, List<Double> scores) {
        ReplayConfig rc = RecordedRows.config();
        return ExecutionResult.newBuilder(RecordedRows.answered(id, ReplayConfig.ROUTED_TENANT, YI, 1))
                .setCascade(CascadePlan.idOf(List.of(rc.modelId(YI), rc.modelId(MIXTRAL)), rc.modelId(GPT4)))
                .setCascadeScores(scores)
                .build();
    }
}
