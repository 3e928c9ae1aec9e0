package dev.routeplane.router;

import static dev.routeplane.router.testing.Requests.CODE_PROMPT;
import static dev.routeplane.router.testing.Requests.SUMMARY_PROMPT;
import static dev.routeplane.router.testing.Requests.request;
import static dev.routeplane.router.testing.Requests.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.DataClass;
import dev.routeplane.config.DataClassRule;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Sovereignty;
import dev.routeplane.contract.Approval;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolApproval;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.ReasonCodes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every reason code the router emits, with its detail and the terminal result a waiting client gets. */
class RouterRejectionsTest {
    static final RouteplaneConfig CONFIG = TestConfigs.withTenants(
            TestConfigs.withPromptLimits(TestConfigs.withExploration(TestConfigs.bundled(), 0), 20_000, 1_000),
            // REGULATED data only to self-hosted infrastructure, and only in the 'local' region: nothing satisfies both
            TestConfigs.tenant(
                    "strict",
                    1_000_000_000L,
                    Set.of(),
                    Set.of("local"),
                    Map.of(DataClass.REGULATED, new DataClassRule(Set.of(Sovereignty.SELF_HOSTED), true, Set.of())),
                    Set.of(),
                    QualityTier.STANDARD),
            TestConfigs.openAiOnly("tiny", 10));

    private final RouterDriver router = new RouterDriver(CONFIG);

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void blankRequestIdIsSchemaInvalidWithoutAResult() {
        RejectedRequest r =
                rejectOnly(request("acme", " ", "summarize", SUMMARY_PROMPT).build());

        assertThat(r.getReasonCode()).isEqualTo(ReasonCodes.SCHEMA_INVALID);
        assertThat(r.getDetail()).startsWith("requestId is missing or blank");
        assertThat(r.getTenantId()).isEqualTo("acme");
        assertThat(router.results()).isEmpty();
    }

    @Test
    void aRequestIdNamingAShadowCallIsSchemaInvalid() {
        // shadow calls run as <id>#shadow with their own reservation: a client id of that form would collide with one
        assertRejected(
                request("acme", "r-1#shadow", "summarize", SUMMARY_PROMPT).build(),
                ReasonCodes.SCHEMA_INVALID,
                "requestId 'r-1#shadow' ends in '#shadow'",
                ResultStatus.REJECTED);
    }

    @Test
    void badRoleIsSchemaInvalidNamingTheField() {
        RouteRequest req = request("acme", "r-1", "summarize", SUMMARY_PROMPT)
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("robot")
                        .setContent("hi")
                        .build()))
                .build();

        assertRejected(
                req, ReasonCodes.SCHEMA_INVALID, "messages[0].role 'robot' is not one of", ResultStatus.REJECTED);
    }

    @Test
    void negativeCostCeilingIsSchemaInvalidNamingTheField() {
        RouteRequest.Builder req = request("acme", "r-1", "summarize", SUMMARY_PROMPT);
        req.getHints().setMaxCostMicros(-5L);

        assertRejected(req.build(), ReasonCodes.SCHEMA_INVALID, "hints.maxCostMicros is -5", ResultStatus.REJECTED);
    }

    @Test
    void recordKeyOtherThanTheTenantIsSchemaInvalid() {
        router.send(
                "globex-eu", request("acme", "r-1", "summarize", SUMMARY_PROMPT).build());

        List<KeyValue<String, RejectedRequest>> rejected = router.rejections();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).value.getDetail()).contains("record key 'globex-eu' differs from tenantId 'acme'");
    }

    @Test
    void unknownTenantIsRejected() {
        assertRejected(
                request("nobody", "r-1", "summarize", SUMMARY_PROMPT).build(),
                ReasonCodes.UNKNOWN_TENANT,
                "tenant 'nobody' is not configured",
                ResultStatus.REJECTED);
    }

    @Test
    void emptyMessagesAreRejected() {
        assertRejected(
                request("acme", "r-1", "summarize", SUMMARY_PROMPT)
                        .setMessages(List.of())
                        .build(),
                ReasonCodes.EMPTY_MESSAGES,
                "request r-1 has no messages",
                ResultStatus.REJECTED);
    }

    @Test
    void promptOverTheByteLimitIsRejectedWithBothNumbers() {
        assertRejected(
                request("acme", "r-1", "summarize", Requests.promptOfBytes(20_001))
                        .build(),
                ReasonCodes.PROMPT_TOO_LARGE,
                "prompt is 20001 bytes, above router.maxPromptBytes 20000",
                ResultStatus.REJECTED);
    }

    @Test
    void multiByteCharactersCountTowardTheByteLimitAsUtf8() {
        // 8,000 chars: over a third of the 20,000-byte limit, so counted exactly; 'é' is 2 bytes, '€' 3, '😀' 4.
        String prompt = "Summarize: " + "é".repeat(3_000) + "€".repeat(4_300) + "😀".repeat(344) + "x";
        assertRejected(
                request("acme", "r-1", "summarize", prompt).build(),
                ReasonCodes.PROMPT_TOO_LARGE,
                "prompt is 20288 bytes, above router.maxPromptBytes 20000",
                ResultStatus.REJECTED);
    }

    @Test
    void promptOverTheTokenLimitIsRejectedWithBothNumbers() {
        RejectedRequest r = assertRejected(
                request("acme", "r-1", "summarize", Requests.promptOfBytes(15_000))
                        .build(),
                ReasonCodes.PROMPT_TOO_LARGE,
                "tokens, above router.maxPromptTokens 1000",
                ResultStatus.REJECTED);
        assertThat(r.getDetail()).matches("prompt is \\d{4} tokens.*");
    }

    @Test
    void toolNotAllowedForTheTenantIsRejectedNamingTheTool() {
        RouteRequest.Builder req = request("acme", "r-1", "summarize", SUMMARY_PROMPT);
        req.getHints().getTools().add(tool("send_email", true));

        assertRejected(
                req.build(),
                ReasonCodes.TOOL_NOT_ALLOWED,
                "tool 'send_email' is not in toolsAllowed [search_docs, run_sql] of tenant acme",
                ResultStatus.REJECTED);
    }

    @Test
    void aRequestsOwnApprovalsHintGrantsNothing() {
        // Before approvals came from a trusted source, any key holder could approve its own request this way.
        RouteRequest.Builder req = request("umbrella", "r-1", "summarize", SUMMARY_PROMPT);
        req.getHints().getTools().add(tool("send_email", true));
        req.getHints().getApprovals().add("send_email");

        assertRejected(
                req.build(),
                ReasonCodes.APPROVAL_REQUIRED,
                "tool 'send_email' requires approval for tenant umbrella (toolsRequiringApproval [send_email]) and"
                        + " request r-1 has no approval for it: approve this request id first (routeplane approve"
                        + " --tenant umbrella --request r-1 --tool send_email, or POST /v1/approvals with an approver"
                        + " key), then send it; hints.approvals grants nothing on its own",
                ResultStatus.REJECTED);
    }

    @Test
    void anApprovalFromTheApprovalsTopicLetsTheToolThroughAndIsRecordedInTheDecision() {
        router.approval(approval("umbrella", "r-2", "send_email", "operator:alice"));
        RouteRequest.Builder req = request("umbrella", "r-2", "summarize", SUMMARY_PROMPT);
        req.getHints().getTools().add(tool("send_email", true));

        router.send(req.build());

        RoutingDecision d = router.decisions().get(0).value;
        assertThat(d.getPolicy().getRequiresApprovalFor()).containsExactly("send_email");
        assertThat(d.getPolicy().getApprovals())
                .containsExactly(new ToolApproval("send_email", "operator:alice", RouterDriver.NOW));
        assertThat(router.rejections()).isEmpty();
    }

    @Test
    void anApprovalCoversOnlyItsOwnRequestTenantAndTools() {
        router.approval(approval("umbrella", "r-approved", "send_email", "key:umbrella-approver"));
        router.approval(approval("umbrella", "r-other-tool", "create_ticket", "key:umbrella-approver"));
        // written under another tenant's key: a tenant-keyed topic never carries it so, and it is ignored
        router.approval("acme", approval("umbrella", "r-misfiled", "send_email", "operator:mallory"));

        for (String id : List.of("r-unapproved", "r-other-tool", "r-misfiled")) {
            RouteRequest.Builder req = request("umbrella", id, "summarize", SUMMARY_PROMPT);
            req.getHints().getTools().add(tool("send_email", true));
            assertRejected(req.build(), ReasonCodes.APPROVAL_REQUIRED, "request " + id, ResultStatus.REJECTED);
        }
        assertThat(router.decisions()).isEmpty();
    }

    @Test
    void anApprovalExpiresWithTheApprovalsTopicsRetention() {
        router.approval(approval("umbrella", "r-late", "send_email", "operator:alice"));
        router.clock.advance(java.time.Duration.ofDays(7).plusMinutes(1));
        RouteRequest.Builder req = request("umbrella", "r-late", "summarize", SUMMARY_PROMPT);
        req.getHints().getTools().add(tool("send_email", true));

        assertRejected(req.build(), ReasonCodes.APPROVAL_REQUIRED, "request r-late", ResultStatus.REJECTED);
    }

    private static Approval approval(String tenant, String requestId, String tool, String by) {
        return Approval.newBuilder()
                .setTenantId(tenant)
                .setRequestId(requestId)
                .setTools(List.of(tool))
                .setApprovedBy(by)
                .setApprovedAt(RouterDriver.NOW)
                .setNote(null)
                .build();
    }

    @Test
    void noEligibleRouteNamesTheConstraintThatRemovedTheLastCandidates() {
        RouteRequest.Builder req = request("strict", "r-1", "summarize", SUMMARY_PROMPT);
        req.getHints().setDataClass("regulated");

        RejectedRequest r = assertRejected(
                req.build(),
                ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE,
                "no eligible route: 10 candidates; last removed by dataClassRules[REGULATED] "
                        + "(ollama-local/llama-3-1-8b-local: sovereignty local not in [self-hosted])",
                ResultStatus.REJECTED);
        assertThat(r.getDetail()).doesNotContain("allowedRegions");
    }

    @Test
    void budgetExceededWhenEvenTheCheapestEligibleRouteCannotFit() {
        RejectedRequest r = assertRejected(
                request("tiny", "r-1", "code", CODE_PROMPT).build(),
                ReasonCodes.BUDGET_EXCEEDED,
                "available $0.000010 of $0.000010 for monthly period 2026-11",
                ResultStatus.BUDGET_EXCEEDED);
        assertThat(r.getDetail()).contains("cheapest eligible route openai/gpt-4o");
    }

    private RejectedRequest rejectOnly(RouteRequest req) {
        router.send(req);
        List<KeyValue<String, RejectedRequest>> rejected = router.rejections();
        assertThat(rejected).hasSize(1);
        assertThat(router.decisions()).isEmpty();
        return rejected.get(0).value;
    }

    private RejectedRequest assertRejected(RouteRequest req, String code, String detail, ResultStatus status) {
        RejectedRequest r = rejectOnly(req);
        assertThat(r.getReasonCode()).isEqualTo(code);
        assertThat(r.getDetail()).contains(detail);
        assertThat(r.getRequestId()).isEqualTo(req.getRequestId());
        assertThat(r.getSourceTopic()).isEqualTo("rp.requests.v1");
        List<KeyValue<String, ExecutionResult>> results = router.results();
        assertThat(results).hasSize(1);
        ExecutionResult result = results.get(0).value;
        assertThat(results.get(0).key).isEqualTo(req.getTenantId());
        assertThat(result.getStatus()).isEqualTo(status);
        assertThat(result.getReason()).isEqualTo(code);
        assertThat(result.getCostMicros()).isZero();
        assertThat(result.getRequestId()).isEqualTo(req.getRequestId());
        return r;
    }
}
