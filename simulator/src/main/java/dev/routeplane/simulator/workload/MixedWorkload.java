package dev.routeplane.simulator.workload;

import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic stream of realistic, mixed requests from several tenants: coding, summarization,
 * classification, extraction, translation, confidential content and interactive chat. The same seed gives
 * the same requests, so a demo, a benchmark and a test can be rerun and compared.
 *
 * <p>Not thread-safe: one generator per producing thread.
 */
public final class MixedWorkload {

    /** Tenants of the bundled example config, weighted the way the demo exercises them. */
    public static final List<TenantShare> DEMO_TENANTS = List.of(
            new TenantShare("acme", 0.40),
            new TenantShare("globex-eu", 0.20),
            new TenantShare("initech", 0.15),
            new TenantShare("umbrella", 0.15),
            new TenantShare("tightwad", 0.10));

    private static final WorkloadKind[] KINDS = WorkloadKind.values();
    private static final double[] KIND_WEIGHTS = {0.18, 0.20, 0.18, 0.14, 0.10, 0.10, 0.10};

    private final SplittableRandom random;
    private final Clock clock;
    private final String runId;
    private final List<TenantShare> tenants;
    private final double totalWeight;
    private final int minPromptBytes;
    private final int maxPromptBytes;
    private long sequence;

    /**
     * @param runId prefix of every request id, so reruns with another run id never collide with earlier ones
     * @param minPromptBytes lower bound of the filler text per request (the instructions add a little)
     * @param maxPromptBytes upper bound of the filler text per request
     */
    public MixedWorkload(
            long seed, Clock clock, String runId, List<TenantShare> tenants, int minPromptBytes, int maxPromptBytes) {
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one tenant");
        }
        if (minPromptBytes < 0 || maxPromptBytes < minPromptBytes) {
            throw new IllegalArgumentException(
                    "prompt sizes need 0 <= min <= max, got " + minPromptBytes + ".." + maxPromptBytes);
        }
        this.random = new SplittableRandom(seed);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.tenants = List.copyOf(tenants);
        this.totalWeight = tenants.stream().mapToDouble(TenantShare::weight).sum();
        this.minPromptBytes = minPromptBytes;
        this.maxPromptBytes = maxPromptBytes;
    }

    /** The demo's workload: the example config's tenants, prompts of 200 B to 2 KB. */
    public static MixedWorkload demo(long seed, Clock clock, String runId) {
        return new MixedWorkload(seed, clock, runId, DEMO_TENANTS, 200, 2_048);
    }

    /** The next request; its id is {@code <runId>-<sequence>}. */
    public RouteRequest next() {
        String tenant = pickTenant();
        WorkloadKind kind = pickKind();
        return build(tenant, kind, runId + "-" + (++sequence));
    }

    /** The next request of a given kind for a given tenant. */
    public RouteRequest next(String tenantId, WorkloadKind kind) {
        return build(tenantId, kind, runId + "-" + (++sequence));
    }

    private String pickTenant() {
        double x = random.nextDouble() * totalWeight;
        for (TenantShare share : tenants) {
            x -= share.weight();
            if (x < 0) {
                return share.tenantId();
            }
        }
        return tenants.get(tenants.size() - 1).tenantId();
    }

    private WorkloadKind pickKind() {
        double x = random.nextDouble();
        for (int i = 0; i < KINDS.length; i++) {
            x -= KIND_WEIGHTS[i];
            if (x < 0) {
                return KINDS[i];
            }
        }
        return KINDS[KINDS.length - 1];
    }

    private int size() {
        return minPromptBytes
                + (maxPromptBytes == minPromptBytes ? 0 : random.nextInt(maxPromptBytes - minPromptBytes + 1));
    }

    private RouteRequest build(String tenant, WorkloadKind kind, String requestId) {
        List<ChatMessage> messages = new ArrayList<>(2);
        RequestHints.Builder hints = RequestHints.newBuilder().setLatencyClass(LatencyClass.BATCH);
        switch (kind) {
            case CODE -> {
                messages.add(message("system", "You are a careful senior software engineer."));
                messages.add(message(
                        "user",
                        Prompts.code(random) + "\n\nContext from the design notes:\n"
                                + PromptText.english(random, size() / 2)));
                hints.setMaxOutputTokens(800);
            }
            case SUMMARIZATION -> {
                messages.add(message(
                        "user",
                        "Summarize the following meeting notes in five bullet points.\n\n"
                                + PromptText.english(random, size())));
                hints.setMaxOutputTokens(300);
            }
            case CLASSIFICATION -> {
                messages.add(message(
                        "user",
                        "Classify the sentiment of this customer review as positive, negative or "
                                + "neutral. Answer with one word.\n\nReview: "
                                + PromptText.english(random, Math.min(size(), 600))));
                hints.setMaxOutputTokens(5);
            }
            case EXTRACTION -> {
                messages.add(message(
                        "user",
                        "Extract the invoice number, the invoice date and the total amount from "
                                + "this email and return them as JSON with keys invoice_number, date, total.\n\n"
                                + Prompts.invoiceEmail(random) + "\n\n" + PromptText.english(random, size() / 3)));
                hints.setResponseFormat("json_object").setMaxOutputTokens(120);
            }
            case TRANSLATION -> {
                boolean german = random.nextBoolean();
                String source = german ? PromptText.german(random, size() / 2) : PromptText.french(random, size() / 2);
                messages.add(message("user", "Translate the following text into English:\n\n" + source));
                hints.setMaxOutputTokens(600);
            }
            case CONFIDENTIAL -> {
                messages.add(message(
                        "user",
                        "Draft a reply to this customer about their refund.\n\n" + Prompts.confidentialRecord(random)
                                + "\n\n" + PromptText.english(random, size() / 3)));
                hints.setMaxOutputTokens(400);
            }
            case INTERACTIVE_CHAT -> {
                messages.add(message("system", "You are a helpful assistant."));
                messages.add(message("user", Prompts.question(random)));
                hints.setLatencyClass(LatencyClass.INTERACTIVE).setMaxOutputTokens(250);
            }
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
        return RouteRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId(runId)
                .setSubmittedAt(clock.instant())
                .setMessages(messages)
                .setHints(hints.build())
                .setMetadata(Map.of("workload.kind", kind.name()))
                .build();
    }

    private static ChatMessage message(String role, String content) {
        return ChatMessage.newBuilder().setRole(role).setContent(content).build();
    }
}
