package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HopBreakdownTest {
    private static HopBreakdown.Times times(
            long request, long decided, long callStart, long providerMs, long claim, long result) {
        HopBreakdown.Times t = new HopBreakdown.Times();
        t.request = request;
        t.decided = decided;
        t.callStart = callStart;
        t.providerMs = providerMs;
        t.claim = claim;
        t.result = result;
        return t;
    }

    @Test
    void eachHopIsTheGapBetweenTheInstantsTheCallPassed() {
        Map<String, HopBreakdown.Times> calls = new HashMap<>();
        // Sent at 1,000, answered 300 ms later.
        calls.put("a", times(1_002, 1_050, 1_120, 20, 1_150, 1_170));
        List<String> lines = new HopBreakdown(calls).report(Map.of("a", 1_000L), Map.of("a", 300L));

        assertThat(lines.get(0)).contains("hops of 1 calls (of 1 answered)");
        assertThat(lines)
                .anySatisfy(l ->
                        assertThat(l).contains("client -> request appended").contains("p50     2"))
                .anySatisfy(l ->
                        assertThat(l).contains("appended -> router decided").contains("p50    48"))
                .anySatisfy(l -> assertThat(l)
                        .contains("decided -> executor call starts")
                        .contains("p50    70"))
                .anySatisfy(l -> assertThat(l).contains("provider call").contains("p50    20"))
                // The call ended at 1,120 + 20; the claim went out at 1,150.
                .anySatisfy(
                        l -> assertThat(l).contains("call ends -> claim sent").contains("p50    10"))
                .anySatisfy(
                        l -> assertThat(l).contains("claim sent -> result sent").contains("p50    20"))
                .anySatisfy(l -> assertThat(l)
                        .contains("result sent -> answer at client")
                        .contains("p50   130"))
                .anySatisfy(l -> assertThat(l).contains("total round trip").contains("p50   300"));
    }

    @Test
    void aCallWithAHopNotSeenIsLeftOutAndCounted() {
        Map<String, HopBreakdown.Times> calls = new HashMap<>();
        calls.put("seen", times(1_002, 1_050, 1_120, 20, 1_150, 1_170));
        calls.put("no-claim", times(1_002, 1_050, 1_120, 20, 0, 1_170));
        List<String> lines = new HopBreakdown(calls)
                .report(Map.of("seen", 1_000L, "no-claim", 1_000L), Map.of("seen", 300L, "no-claim", 900L));

        assertThat(lines.get(0)).contains("hops of 1 calls (of 2 answered)");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).contains("total round trip").contains("p99   300"));
    }
}
