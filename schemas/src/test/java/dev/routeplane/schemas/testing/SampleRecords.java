package dev.routeplane.schemas.testing;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.AliasHistoryEntry;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.DecisionBudgets;
import dev.routeplane.contract.DecisionPolicy;
import dev.routeplane.contract.DecisionVersions;
import dev.routeplane.contract.Estimates;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.FeatureSummary;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.contract.ToolCall;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.contract.Usage;
import dev.routeplane.contract.WeightedTarget;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Realistic, fully populated instances of every contract record, for tests in any module. */
public final class SampleRecords {
    public static final Instant T0 = Instant.parse("2026-11-03T10:15:30.123Z");

    private SampleRecords() {}

    public static RouteRequest routeRequest() {
        return RouteRequest.newBuilder()
                .setRequestId("req-0001")
                .setTenantId("acme")
                .setBatchId("batch-7")
                .setSubmittedAt(T0)
                .setMessages(List.of(
                        ChatMessage.newBuilder()
                                .setRole("system")
                                .setContent("You are terse.")
                                .build(),
                        ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("Summarise: Kafka keeps ordered logs. Grüße!")
                                .build()))
                .setHints(RequestHints.newBuilder()
                        .setTaskType("summarize")
                        .setLatencyClass(LatencyClass.BATCH)
                        .setQualityTier("standard")
                        .setMaxCostMicros(25_000L)
                        .setDeadlineMs(60_000L)
                        .setMaxOutputTokens(256)
                        .setTools(List.of(ToolSpec.newBuilder()
                                .setName("send_email")
                                .setDescription("Sends an email")
                                .setSideEffect(true)
                                .setParametersJson("{\"type\":\"object\"}")
                                .build()))
                        .setResponseFormat("text")
                        .setDataClass("internal")
                        .setTags(List.of("no_training_on_data", "eu_data_residency"))
                        .setPinnedAlias(null)
                        .setApprovals(List.of("send_email"))
                        .build())
                .setMetadata(Map.of("source", "cli", "trace", "abc123"))
                .build();
    }

    public static RoutingDecision routingDecision() {
        return RoutingDecision.newBuilder()
                .setRequestId("req-0001")
                .setTenantId("acme")
                .setBatchId("batch-7")
                .setLane("batch-cheap")
                .setRoute(Route.newBuilder()
                        .setProvider("openai")
                        .setModel("gpt-4o-mini")
                        .setAlias("cheap-chat")
                        .setVersion("2024-07-18")
                        .setRegion("eu")
                        .build())
                .setBudgets(DecisionBudgets.newBuilder()
                        .setMaxInputTokens(8_000)
                        .setMaxOutputTokens(256)
                        .setMaxToolCalls(2)
                        .setDeadlineMs(60_000L)
                        .setReservedCostMicros(1_354L)
                        .build())
                .setPolicy(DecisionPolicy.newBuilder()
                        .setRiskTier("medium")
                        .setDataClass("internal")
                        .setToolsAllowed(List.of("send_email"))
                        .setRequiresApprovalFor(List.of("send_email"))
                        .build())
                .setFallbacks(List.of(Fallback.newBuilder()
                        .setProvider("anthropic")
                        .setModel("claude-3-5-haiku")
                        .setRegion("eu")
                        .setWhen(List.of(FallbackTrigger.TIMEOUT, FallbackTrigger.SERVER_ERROR))
                        .build()))
                .setFeatures(FeatureSummary.newBuilder()
                        .setTaskType("summarize")
                        .setInputTokens(42)
                        .setContextBand("small")
                        .setDataClass("internal")
                        .setLanguages(List.of("en", "de"))
                        .setMultilingual(true)
                        .setNeedsTools(true)
                        .setNeedsJson(false)
                        .setNeedsVision(false)
                        .setLatencyClass(LatencyClass.BATCH)
                        .setRiskTier("medium")
                        .build())
                .setExplanation(
                        List.of("lane=batch-cheap: latencyClass=BATCH", "policy: eu_data_residency -> region eu"))
                .setEstimates(Estimates.newBuilder()
                        .setCostMicros(160L)
                        .setQuality(0.82)
                        .setLatencyMs(1_900L)
                        .build())
                .setVersions(DecisionVersions.newBuilder()
                        .setRouter("0.1.0")
                        .setPolicy("acme@3")
                        .setStats("offset-1200")
                        .build())
                .setDecidedAt(T0.plusMillis(12))
                .build();
    }

    public static AttemptRecord attempt() {
        return AttemptRecord.newBuilder()
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setKeyProfile("openai-eu-1")
                .setOutcome("TIMEOUT")
                .setErrorKind("RETRYABLE")
                .setLatencyMs(30_000L)
                .setCostMicros(0L)
                .build();
    }

    public static ExecutionTask executionTask() {
        return ExecutionTask.newBuilder()
                .setRequest(routeRequest())
                .setDecision(routingDecision())
                .setAttempt(2)
                .setPreviousAttempts(List.of(attempt()))
                .build();
    }

    public static ExecutionResult executionResult() {
        return ExecutionResult.newBuilder()
                .setRequestId("req-0001")
                .setTenantId("acme")
                .setBatchId("batch-7")
                .setStatus(ResultStatus.SUCCEEDED)
                .setReason(null)
                .setProvider("anthropic")
                .setModel("claude-3-5-haiku")
                .setOutput(Output.newBuilder()
                        .setText("Kafka stores ordered, replayable logs.")
                        .setToolCalls(List.of(ToolCall.newBuilder()
                                .setId("call_1")
                                .setName("send_email")
                                .setArgumentsJson("{\"to\":\"ops@example.com\"}")
                                .build()))
                        .setFinishReason("stop")
                        .build())
                .setUsage(
                        Usage.newBuilder().setInputTokens(42).setOutputTokens(9).build())
                .setCostMicros(78L)
                .setLatencyMs(31_250L)
                .setAttempts(List.of(
                        attempt(),
                        AttemptRecord.newBuilder()
                                .setProvider("anthropic")
                                .setModel("claude-3-5-haiku")
                                .setKeyProfile(null)
                                .setOutcome("SUCCEEDED")
                                .setErrorKind(null)
                                .setLatencyMs(1_200L)
                                .setCostMicros(78L)
                                .build()))
                .setCompletedAt(T0.plusSeconds(31))
                .build();
    }

    public static CostEvent costEvent() {
        return CostEvent.newBuilder()
                .setEventId("req-0001#2")
                .setRequestId("req-0001")
                .setTenantId("acme")
                .setBatchId("batch-7")
                .setLane("batch-cheap")
                .setProvider("anthropic")
                .setModel("claude-3-5-haiku")
                .setKeyProfile("anthropic-1")
                .setInputTokens(42)
                .setOutputTokens(9)
                .setCostMicros(78L)
                .setLatencyMs(1_200L)
                .setOutcome("SUCCEEDED")
                .setAt(T0.plusSeconds(31))
                .build();
    }

    public static Feedback feedback() {
        return Feedback.newBuilder()
                .setFeedbackId("fb-1")
                .setRequestId("req-0001")
                .setTenantId("acme")
                .setKind(FeedbackKind.EVAL_SCORE)
                .setRating(null)
                .setScore(0.75)
                .setPassed(null)
                .setSource("eval-suite-a")
                .setAt(T0.plusSeconds(60))
                .build();
    }

    public static TenantSpend tenantSpend() {
        return TenantSpend.newBuilder()
                .setTenantId("acme")
                .setPeriod("2026-11")
                .setSpentMicros(12_345_678L)
                .setReservedMicros(1_354L)
                .setBudgetMicros(100_000_000L)
                .setUpdatedAt(T0)
                .build();
    }

    public static RouteStats routeStats() {
        return RouteStats.newBuilder()
                .setLane("batch-cheap")
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setCalls(1_000L)
                .setSuccesses(990L)
                .setFailures(10L)
                .setFallbacks(7L)
                .setQualityEstimate(0.81)
                .setQualityEvidence(120L)
                .setTotalCostMicros(160_000L)
                .setLatencyP50Ms(900L)
                .setLatencyP95Ms(2_400L)
                .setLatencySketch(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                .setUpdatedAt(T0)
                .build();
    }

    public static AliasBinding aliasBinding() {
        return AliasBinding.newBuilder()
                .setAlias("cheap-chat")
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setVersion("2024-07-18")
                .setWeights(List.of(
                        WeightedTarget.newBuilder()
                                .setProvider("openai")
                                .setModel("gpt-4o-mini")
                                .setVersion(null)
                                .setWeight(90)
                                .build(),
                        WeightedTarget.newBuilder()
                                .setProvider("deepseek")
                                .setModel("deepseek-chat")
                                .setVersion("v3")
                                .setWeight(10)
                                .build()))
                .setPrevious(List.of(AliasHistoryEntry.newBuilder()
                        .setProvider("openai")
                        .setModel("gpt-3.5-turbo")
                        .setVersion(null)
                        .setBoundAt(T0.minusSeconds(86_400))
                        .build()))
                .setReason("canary")
                .setChangedBy("alice")
                .setBoundAt(T0)
                .build();
    }

    public static RejectedRequest rejectedRequest() {
        return RejectedRequest.newBuilder()
                .setRequestId(null)
                .setTenantId(null)
                .setReasonCode("UNDESERIALIZABLE")
                .setDetail("UNKNOWN_MAGIC_BYTE: first byte is 0x7B")
                .setSourceTopic("rp.requests.v1")
                .setSourcePartition(3)
                .setSourceOffset(42L)
                .setRawValue(ByteBuffer.wrap("{\"oops\":1}".getBytes(StandardCharsets.UTF_8)))
                .setRejectedAt(T0)
                .build();
    }

    public static ProviderHealth providerHealth() {
        return ProviderHealth.newBuilder()
                .setProvider("openai")
                .setKeyProfile("openai-eu-1")
                .setCircuitState(CircuitState.HALF_OPEN)
                .setErrorRate(0.125)
                .setLatencyP50Ms(850L)
                .setLatencyP95Ms(3_100L)
                .setInFlight(17)
                .setReportedAt(T0)
                .build();
    }

    public static BatchState batchState() {
        return BatchState.newBuilder()
                .setTenantId("acme")
                .setBatchId("batch_abc123")
                .setPhase(BatchPhase.CANCELLING)
                .setInputLines(20_000L)
                .setAcceptedRequests(19_998L)
                .setMalformedLines(2L)
                .setSubmittedRequests(12_000L)
                .setSubmittedThroughLine(12_001L)
                .setCompletionWindowMs(86_400_000L)
                .setSource("api")
                .setCreatedAt(T0)
                .setUpdatedAt(T0.plusSeconds(60))
                .setCancelRequestedAt(T0.plusSeconds(59))
                .build();
    }
}
