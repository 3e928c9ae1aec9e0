package dev.routeplane.bench.jmh;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.ClassifierConfig;
import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import dev.routeplane.classifier.Hints;
import dev.routeplane.classifier.Message;
import dev.routeplane.classifier.RuleBasedClassifier;
import dev.routeplane.classifier.internal.TokenCounter;
import dev.routeplane.config.Lane;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.router.PolicyOutcome;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.router.RouteSelector;
import dev.routeplane.router.RoutingPolicy;
import dev.routeplane.router.RoutingSignals;
import dev.routeplane.router.Selection;
import dev.routeplane.router.internal.ConfiguredRoutingPolicy;
import dev.routeplane.router.internal.StatsAwareSelector;
import dev.routeplane.simulator.workload.MixedWorkload;
import dev.routeplane.simulator.workload.TenantShare;
import dev.routeplane.simulator.workload.WorkloadKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's per-request CPU outside Kafka: classify a request, then apply policy and rank the eligible routes
 * on the bundled configuration, for 1 KB, 8 KB and 64 KB prompts (summarization requests of tenant {@code acme}
 * whose prose is {@code promptBytes} long, from {@link MixedWorkload}). Each invocation takes the next of
 * {@link #DISTINCT} different requests, as the router never sees the same prompt twice: one repeated prompt
 * would keep the tokenizer's vocabulary entries in the CPU caches and flatter the figures.
 *
 * <ul>
 *   <li>{@code classify}: {@link RuleBasedClassifier} alone;</li>
 *   <li>{@code classifyAndSelect}: classify, pick the lane, policy ({@link ConfiguredRoutingPolicy}) and
 *       ranking ({@link StatsAwareSelector}) with no health reports and no route statistics (priors);</li>
 *   <li>{@code select}: policy and ranking alone on pre-computed features;</li>
 *   <li>{@code countTokens}: the classifier's BPE token count alone, the largest part of {@code classify}.</li>
 * </ul>
 *
 * <p>router-stream's own entry point for these steps ({@code RoutingEngine.route}) is package-private, so the lane
 * is picked here by {@link LaneMatcher} and candidates are resolved with {@link RouteplaneConfig#resolveModel};
 * alias bindings from rp.aliases.v1, the budget reservation and the decision assembly are not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClassifySelectBenchmark {

    private static final RoutingSignals NO_SIGNALS = new RoutingSignals() {
        @Override
        public CircuitState circuit(String providerId) {
            return CircuitState.CLOSED;
        }

        @Override
        public RouteStats routeStats(String lane, String providerId, String modelId) {
            return null;
        }
    };
    private static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");
    /** Distinct requests cycled through; a power of two. */
    static final int DISTINCT = 64;

    @Param({"1024", "8192", "65536"})
    public int promptBytes;

    private Classifier classifier;
    private TokenCounter tokens;
    private RoutingPolicy policy;
    private RouteSelector selector;
    private LaneMatcher lanes;
    private Tenant tenant;
    private final ClassifierInput[] inputs = new ClassifierInput[DISTINCT];
    private final String[] prompts = new String[DISTINCT];
    private final Features[] precomputed = new Features[DISTINCT];
    private int outputCap;
    private int next;

    @Setup
    public void setUp() {
        RouteplaneConfig config = RouteplaneConfig.defaults();
        ClassifierConfig classifierConfig = ClassifierConfig.ofDefaults();
        classifier = new RuleBasedClassifier(classifierConfig);
        tokens = new TokenCounter(classifierConfig.tokenizerEncoding());
        policy = new ConfiguredRoutingPolicy(config.priceBook());
        selector = new StatsAwareSelector(config.router(), 42L);
        lanes = new LaneMatcher(config);
        tenant = config.tenants().get("acme");
        MixedWorkload workload = new MixedWorkload(
                42L,
                Clock.fixed(AT, ZoneOffset.UTC),
                "jmh",
                List.of(new TenantShare("acme", 1)),
                promptBytes,
                promptBytes);
        for (int i = 0; i < DISTINCT; i++) {
            RouteRequest request = workload.next("acme", WorkloadKind.SUMMARIZATION);
            List<Message> messages = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (ChatMessage m : request.getMessages()) {
                messages.add(new Message(m.getRole(), m.getContent()));
                all.append(m.getContent());
            }
            prompts[i] = all.toString();
            outputCap = request.getHints().getMaxOutputTokens();
            inputs[i] = new ClassifierInput(
                    messages, new Hints(null, LatencyClass.BATCH, null, List.of(), List.of(), null, outputCap, false));
            precomputed[i] = classifier.classify(inputs[i]);
        }
    }

    private int nextIndex() {
        return next++ & (DISTINCT - 1);
    }

    @Benchmark
    public Features classify() {
        return classifier.classify(inputs[nextIndex()]);
    }

    @Benchmark
    public Selection classifyAndSelect() {
        return select(classifier.classify(inputs[nextIndex()]));
    }

    @Benchmark
    public Selection select() {
        return select(precomputed[nextIndex()]);
    }

    @Benchmark
    public int countTokens() {
        return tokens.count(prompts[nextIndex()]);
    }

    private Selection select(Features f) {
        Lane lane = lanes.laneFor(f);
        Set<PolicyTag> tags =
                tenant.defaultTags().isEmpty() ? EnumSet.noneOf(PolicyTag.class) : EnumSet.copyOf(tenant.defaultTags());
        RouteQuery query =
                new RouteQuery("jmh-1", tenant, f, tags, outputCap, Long.MAX_VALUE, tenant.qualityTier(), AT);
        PolicyOutcome outcome = policy.filter(query, lanes.candidates(lane), NO_SIGNALS);
        if (outcome.eligible().isEmpty()) {
            throw new IllegalStateException("no eligible route in lane " + lane.name() + ": " + outcome.removals());
        }
        return selector.select(query, lane.name(), outcome.eligible(), NO_SIGNALS);
    }
}
