package dev.routeplane.router.testing;

import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.ToolSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds requests for tests. */
public final class Requests {
    public static final String SUMMARY_PROMPT = "Summarize the following meeting notes in three bullet points: "
            + "the team discussed the quarterly roadmap, agreed to move the launch by two weeks and asked finance "
            + "for an updated forecast before Friday.";
    public static final String CODE_PROMPT =
            "Write a Java method that parses an ISO-8601 date and returns the " + "day of week; include unit tests.";

    private Requests() {}

    public static RouteRequest.Builder request(String tenant, String id, String taskType, String prompt) {
        return RouteRequest.newBuilder()
                .setRequestId(id)
                .setTenantId(tenant)
                .setBatchId(null)
                .setSubmittedAt(Instant.parse("2026-11-03T09:59:00Z"))
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setContent(prompt)
                        .build()))
                .setHints(hints().setTaskType(taskType).build())
                .setMetadata(Map.of());
    }

    public static RequestHints.Builder hints() {
        return RequestHints.newBuilder()
                .setTaskType(null)
                .setLatencyClass(LatencyClass.BACKGROUND)
                .setQualityTier(null)
                .setMaxCostMicros(null)
                .setDeadlineMs(null)
                .setMaxOutputTokens(null)
                .setTools(new ArrayList<>())
                .setResponseFormat(null)
                .setDataClass(null)
                .setTags(new ArrayList<>())
                .setPinnedAlias(null)
                .setApprovals(new ArrayList<>());
    }

    public static ToolSpec tool(String name, boolean sideEffect) {
        return ToolSpec.newBuilder()
                .setName(name)
                .setDescription(null)
                .setSideEffect(sideEffect)
                .setParametersJson(null)
                .build();
    }

    /** A prompt of roughly {@code bytes} bytes of plain English. */
    public static String promptOfBytes(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 64);
        sb.append("Summarize this report. ");
        while (sb.length() < bytes) {
            sb.append("Revenue grew in the third quarter while costs stayed flat across regions. ");
        }
        return sb.substring(0, bytes);
    }
}
