package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimBatchTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static SimBatch batch(int lines, BatchApi api) {
        List<SimBatch.Line> l = IntStream.range(0, lines)
                .mapToObj(i -> new SimBatch.Line("c" + i, "m", "id" + i, null, null))
                .toList();
        return new SimBatch("b", "p", T0, api, null, null, Map.of(), "fp", l, List.of());
    }

    @Test
    void linesFinishEvenlyOverTheProcessingTimeAndTheLastExactlyAtItsEnd() {
        SimBatch b = batch(3, BatchApi.ofDefaults(WireFormat.OPENAI).withProcessingTime(Duration.ofHours(3)));

        assertThat(b.dueAt(0)).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(b.dueAt(2)).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(b.doneAt(T0.plus(Duration.ofMinutes(119)))).isEqualTo(1);
        assertThat(b.phaseAt(T0)).isEqualTo(SimBatch.Phase.VALIDATING);
        assertThat(b.phaseAt(T0.plusSeconds(1))).isEqualTo(SimBatch.Phase.IN_PROGRESS);
        assertThat(b.phaseAt(T0.plus(Duration.ofHours(3)))).isEqualTo(SimBatch.Phase.COMPLETED);
    }

    @Test
    void aBatchPastItsWindowExpiresWithTheLinesDoneByThen() {
        SimBatch b = batch(
                4,
                BatchApi.ofDefaults(WireFormat.ANTHROPIC)
                        .withProcessingTime(Duration.ofHours(48))
                        .withExpiresAfter(Duration.ofHours(24)));

        Instant later = T0.plus(Duration.ofHours(30));
        assertThat(b.phaseAt(later)).isEqualTo(SimBatch.Phase.EXPIRED);
        assertThat(b.doneAt(later)).isEqualTo(2);
        assertThat(b.endedAt(SimBatch.Phase.EXPIRED)).isEqualTo(T0.plus(Duration.ofHours(24)));
    }

    @Test
    void aCancelledBatchStopsAtTheCancelAndEndsAfterTheCancellingTime() {
        SimBatch b = batch(
                4,
                BatchApi.ofDefaults(WireFormat.OPENAI)
                        .withProcessingTime(Duration.ofSeconds(40))
                        .withCancellingTime(Duration.ofSeconds(5)));
        b.cancelRequestedAt = T0.plusSeconds(25);

        assertThat(b.doneAt(T0.plusSeconds(60))).isEqualTo(2);
        assertThat(b.phaseAt(T0.plusSeconds(27))).isEqualTo(SimBatch.Phase.CANCELLING);
        assertThat(b.phaseAt(T0.plusSeconds(30))).isEqualTo(SimBatch.Phase.CANCELLED);
    }

    @Test
    void halvesPricesRoundingHalfUp() {
        SimulatedModel m = new SimulatedModel("m", 150_001, 600_000, 1_000, 100);

        assertThat(m.batchInputPriceMicrosPerMillion()).isEqualTo(75_001);
        assertThat(m.batchOutputPriceMicrosPerMillion()).isEqualTo(300_000);
    }
}
