package dev.routeplane.executors;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.cascade.CascadeSignal;
import dev.routeplane.cascade.PlanOption;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.testing.SampleRecords;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedModel;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Realistic tasks as the router would emit them, and the test configuration. */
public final class TestTasks {
    private TestTasks() {}

    /** The three-provider test configuration ({@code executor-it.yaml}). */
    public static RouteplaneConfig config() {
        return config("executor-it.yaml");
    }

    /** A test configuration from the test resources. */
    public static RouteplaneConfig config(String resource) {
        try (InputStream in = TestTasks.class.getResourceAsStream("/" + resource)) {
            return RouteplaneConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A simulator serving provider {@code alpha} (OpenAI wire format, {@code gpt-4o-mini}) with {@code latency}. */
    public static SimulatorServer alphaSimulator(LatencyProfile latency) {
        return SimulatorServer.start(SimulatorConfig.builder()
                .provider(SimulatedProvider.builder("alpha", WireFormat.OPENAI)
                        .models(new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384))
                        .latency(latency)
                        .build())
                .build());
    }

    /** A fallback on any transient failure. */
    public static Fallback fallback(String provider, String model, String region) {
        return Fallback.newBuilder()
                .setProvider(provider)
                .setModel(model)
                .setRegion(region)
                .setWhen(List.of(FallbackTrigger.SERVER_ERROR, FallbackTrigger.TIMEOUT, FallbackTrigger.RATE_LIMITED))
                .build();
    }

    /** A route to {@code provider/model} served from {@code region}. */
    public static Route route(String provider, String model, String region) {
        return Route.newBuilder()
                .setProvider(provider)
                .setModel(model)
                .setAlias(null)
                .setVersion("1")
                .setRegion(region)
                .build();
    }

    /**
     * {@code task} turned into the first task of a cascade, as the router emits it: the decision's route is the first
     * cheap stage.
     */
    public static ExecutionTask asCascade(ExecutionTask task, String signal, List<Route> stages, Route escalation) {
        Cascade cascade = Cascade.newBuilder()
                .setStages(stages)
                .setEscalation(escalation)
                .setSignal(signal)
                .setId(CascadePlan.idOf(stages.stream().map(Route::getModel).toList(), escalation.getModel()))
                .build();
        RoutingDecision decision = RoutingDecision.newBuilder(task.getDecision())
                .setRoute(Route.newBuilder(stages.get(0)).build())
                .setCascade(cascade)
                .build();
        return ExecutionTask.newBuilder(task)
                .setDecision(decision)
                .setCascadeAnswers(List.of())
                .setCascadeStage(0)
                .build();
    }

    /** A first-attempt task for {@code provider/model}, submitted now with {@code deadlineMs}. */
    public static ExecutionTask task(
            String tenant,
            String requestId,
            String provider,
            String model,
            String region,
            long deadlineMs,
            List<Fallback> fallbacks) {
        Instant now = Instant.now();
        RouteRequest request = RouteRequest.newBuilder(SampleRecords.routeRequest())
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId("it-batch")
                .setSubmittedAt(now)
                .setMessages(List.of(
                        ChatMessage.newBuilder()
                                .setRole("system")
                                .setContent("You are terse.")
                                .build(),
                        ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent(
                                        "Summarise request " + requestId + ": Kafka keeps ordered logs per partition.")
                                .build()))
                .setHints(RequestHints.newBuilder(SampleRecords.routeRequest().getHints())
                        // Background work, as the router sends to rp.exec.<provider>.v1 (batch work has its own
                        // topics).
                        .setLatencyClass(LatencyClass.BACKGROUND)
                        .setTags(List.of())
                        .setTools(List.of())
                        .setApprovals(List.of())
                        .setDataClass("internal")
                        .setDeadlineMs(deadlineMs)
                        .build())
                .build();
        RoutingDecision decision = RoutingDecision.newBuilder(SampleRecords.routingDecision())
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId("it-batch")
                .setLane("default")
                .setRoute(Route.newBuilder()
                        .setProvider(provider)
                        .setModel(model)
                        .setAlias(null)
                        .setVersion("1")
                        .setRegion(region)
                        .build())
                .setBudgets(dev.routeplane.contract.DecisionBudgets.newBuilder(
                                SampleRecords.routingDecision().getBudgets())
                        .setMaxOutputTokens(64)
                        .setMaxToolCalls(2)
                        .setDeadlineMs(deadlineMs)
                        .build())
                .setPolicy(dev.routeplane.contract.DecisionPolicy.newBuilder(
                                SampleRecords.routingDecision().getPolicy())
                        .setToolsAllowed(List.of())
                        .setRequiresApprovalFor(List.of())
                        .setDataClass("internal")
                        .build())
                .setFallbacks(fallbacks)
                .setDecidedAt(now)
                .build();
        return ExecutionTask.newBuilder()
                .setRequest(request)
                .setDecision(decision)
                .setAttempt(1)
                .setPreviousAttempts(List.of())
                .build();
    }

    /**
     * {@code task} with the reservation the router's budget step makes for it: the largest worst case (the decision's
     * input tokens and output cap at the price in force) over its route and fallbacks; for a cascade, every cheap
     * stage's worst case plus the largest over its escalation and fallbacks ({@link CascadePlan#worstCaseMicros}).
     */
    public static ExecutionTask reservedAsTheRouterDoes(ExecutionTask task, RouteplaneConfig config) {
        RoutingDecision d = task.getDecision();
        Cascade cascade = d.getCascade();
        String answering = cascade == null
                ? d.getRoute().getModel()
                : cascade.getEscalation().getModel();
        long onward = worstCase(d, answering, config);
        for (Fallback f : d.getFallbacks()) {
            onward = Math.max(onward, worstCase(d, f.getModel(), config));
        }
        long reserve = onward;
        if (cascade != null) {
            List<PlanOption> stages = cascade.getStages().stream()
                    .map(r -> new PlanOption(r.getModel(), null, 0, 0, worstCase(d, r.getModel(), config)))
                    .toList();
            CascadePlan plan = new CascadePlan(
                    cascade.getId(),
                    stages,
                    new PlanOption(answering, null, 0, 0, onward),
                    CascadeSignal.valueOf(cascade.getSignal()),
                    0,
                    0);
            reserve = plan.worstCaseMicros(onward);
        }
        d.getBudgets().setReservedCostMicros(reserve);
        return task;
    }

    private static long worstCase(RoutingDecision d, String model, RouteplaneConfig config) {
        ModelPrice price = config.priceBook().priceAt(model, d.getDecidedAt());
        int cap = Math.min(
                d.getBudgets().getMaxOutputTokens(), config.models().get(model).maxOutputTokens());
        return Money.costMicros(
                d.getFeatures().getInputTokens(), cap, price.inputMicrosPerMillion(), price.outputMicrosPerMillion());
    }
}
