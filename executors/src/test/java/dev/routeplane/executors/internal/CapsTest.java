package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ModelToolCall;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.executors.RateLimitSnapshot;
import dev.routeplane.executors.TestTasks;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapsTest {
    static RoutingDecision decision(List<String> toolsAllowed, int maxToolCalls) {
        RoutingDecision d = TestTasks.task("acme", "c1", "alpha", "alpha-mini", "us-east", 10_000, List.of())
                .getDecision();
        d.getPolicy().setToolsAllowed(toolsAllowed);
        d.getBudgets().setMaxToolCalls(maxToolCalls);
        return d;
    }

    static ProviderResponse withCalls(int outputTokens, String... names) {
        List<ModelToolCall> calls = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            calls.add(new ModelToolCall("call_" + i, names[i], "{}"));
        }
        return new ProviderResponse(
                "chatcmpl-1",
                null,
                calls,
                FinishKind.TOOL_CALLS,
                "tool_calls",
                10,
                outputTokens,
                RateLimitSnapshot.unknown(Instant.EPOCH));
    }

    @Test
    void keepsToolCallsUpToTheLimitAndSaysSo() {
        Caps.Capped capped =
                Caps.apply(withCalls(20, "search", "search", "search"), decision(List.of("search"), 2), 64);

        assertThat(capped.toolCalls()).extracting(c -> c.getId()).containsExactly("call_0", "call_1");
        assertThat(capped.finishReason()).isEqualTo(Caps.TOOL_CALL_LIMIT);
    }

    @Test
    void dropsCallsToToolsThePolicyDoesNotAllow() {
        Caps.Capped capped = Caps.apply(withCalls(20, "send_email", "search"), decision(List.of("search"), 5), 64);

        assertThat(capped.toolCalls()).extracting(c -> c.getName()).containsExactly("search");
        assertThat(capped.finishReason()).isEqualTo(Caps.TOOL_CALL_LIMIT);
    }

    @Test
    void flagsAnAnswerLongerThanTheOutputCapAndPassesOthersUntouched() {
        assertThat(Caps.apply(withCalls(65), decision(List.of(), 2), 64).finishReason())
                .isEqualTo(Caps.OUTPUT_CAP_EXCEEDED);
        assertThat(Caps.apply(withCalls(64, "search"), decision(List.of("search"), 2), 64)
                        .finishReason())
                .isEqualTo("tool_calls");
    }
}
