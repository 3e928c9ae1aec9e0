package dev.routeplane.executors.internal;

import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolCall;
import dev.routeplane.executors.ModelToolCall;
import dev.routeplane.executors.ProviderResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The caps applied to an answer: tool calls to tools the policy does not allow are dropped, at most
 * {@code maxToolCalls} are kept, and an answer longer than the output cap is flagged. A capped answer says so in
 * its finish reason ({@value #TOOL_CALL_LIMIT}, {@value #OUTPUT_CAP_EXCEEDED}) because the result contract has no
 * separate flag; billing is unaffected, the provider billed what it generated.
 */
public final class Caps {
    /** Finish reason of an answer whose tool calls were cut to the limit or to the allowed tools. */
    public static final String TOOL_CALL_LIMIT = "tool_call_limit";
    /** Finish reason of an answer that reported more output tokens than the cap sent. */
    public static final String OUTPUT_CAP_EXCEEDED = "output_cap_exceeded";

    private Caps() {}

    /** The tool calls kept and the finish reason to report. */
    public record Capped(List<ToolCall> toolCalls, String finishReason) {}

    public static Capped apply(ProviderResponse r, RoutingDecision decision, int outputCap) {
        List<String> allowed = decision.getPolicy().getToolsAllowed();
        int limit = Math.max(0, decision.getBudgets().getMaxToolCalls());
        List<ToolCall> kept = new ArrayList<>();
        boolean dropped = false;
        for (ModelToolCall call : r.toolCalls()) {
            if (!allowed.contains(call.name()) || kept.size() >= limit) {
                dropped = true;
                continue;
            }
            kept.add(new ToolCall(call.id(), call.name(), call.argumentsJson()));
        }
        String finish = r.finishReason();
        if (dropped) {
            finish = TOOL_CALL_LIMIT;
        } else if (r.outputTokens() > outputCap) {
            finish = OUTPUT_CAP_EXCEEDED;
        }
        return new Capped(kept, finish);
    }
}
